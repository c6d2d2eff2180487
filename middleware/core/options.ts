import type { RedisClient } from "../stores/redis-client.js";
import { z } from "zod";
import type { CognitoPort } from "../../shared/cognito/cognito-port.js";
import type { SdkCognitoPortOptions } from "../../shared/cognito/sdk-cognito-port.js";
import type { Clock } from "../../shared/runtime/clock.js";
import type { HostLogger, LoggerSignature } from "../../shared/runtime/logger.js";
import type { AuthEventHooks } from "../events/auth-event.js";
import type { ChallengeStore } from "../stores/challenge-store.js";
import type { RevocationList } from "../stores/revocation-list.js";

/** A limit: at most `points` events per `durationSeconds`. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

/** Options of `expressAuth`, `koaAuth` and `nodeAuth`. Checked when the factory is called. */
export interface AuthOptions {
  /** The user pool and app client, and how to call Cognito (see SdkCognitoPortOptions). */
  cognito: Omit<SdkCognitoPortOptions, "client" | "region"> & {
    /** AWS region of the pool, e.g. "eu-west-1". Default: read from `userPoolId` ("eu-west-1_…"). */
    region?: string;
    /** Pool id, AWS style ("eu-west-1_Abc123"): access tokens are verified against it. */
    userPoolId: string;
    /**
     * Other app clients of the same pool whose access tokens `requireAuth` (and /session)
     * accept too, e.g. a mobile app's client beside this web client. `clientId` is always
     * accepted; sign-in, refresh and the e-mail (ID token) use `clientId` only. Default none.
     */
    acceptClientIds?: string[];
  };
  /** Where the routes live. Koa and Node only (Express uses the mount path). Default "/auth". */
  basePath?: string;
  /**
   * `cookie` (default): tokens travel only in HttpOnly cookies. `body`: for non-browser clients,
   * tokens and a `challengeToken` are in the JSON bodies instead.
   */
  tokenTransport?: "cookie" | "body";
  /** Cookie settings (cookie transport). */
  cookies?: {
    /** Send cookies with `Secure`. Browsers treat http://localhost as secure. Default true. */
    secure?: boolean;
    /** Default "lax". */
    sameSite?: "lax" | "strict";
    /** Lifetime of the session cookies, seconds. Default 30 days (Cognito's refresh default). */
    sessionMaxAgeSeconds?: number;
    /** Name prefix. Default "cmk". */
    namePrefix?: string;
  };
  /** Origins besides the server's own that may call the routes from a browser (e.g. a dev server). */
  allowedOrigins?: string[];
  /** Number of trusted proxy hops in front of the app; X-Forwarded-For is ignored when 0. Default 0. */
  trustProxy?: number;
  /**
   * Who names the client IP that limits count: `"trust-proxy"` (default) reads X-Forwarded-For
   * for `trustProxy` hops; `"host"` takes the framework's own answer (Express `req.ip` with
   * `app.set("trust proxy", …)`, Koa `ctx.ip` with `app.proxy`), and X-Forwarded-Host as the
   * host trusts it. Express and Koa only (nodeAuth has no host setting).
   */
  clientIp?: "trust-proxy" | "host";
  /**
   * Redis for challenges, limits and sign-outs across instances: a redis:// URL (needs the
   * package ioredis), an ioredis client or `Cluster`, or a connected node-redis client or
   * cluster. A client the host passes is never closed by the kit. See docs/redis.md. Default: memory.
   */
  redis?: string | RedisClient;
  /** Limits; the defaults are in docs/settings.md. */
  limits?: {
    /** Wrong codes one challenge accepts. Default 5. */
    wrongCodesPerChallenge?: number;
    /** Wrong codes per account across sign-ins. Default 10 per 15 minutes. */
    wrongCodesPerAccount?: RateLimit;
    /** Codes Cognito may send per account (the SMS bill). Default 5 per hour. */
    codesSentPerAccount?: RateLimit;
    /** Sign-ins per client IP. Default 20 per minute. */
    signInsPerIp?: RateLimit;
    /**
     * Requests per client IP that present a token the kit cannot verify or Cognito refuses
     * (refresh, session, sign-out, guarded routes): past it, 429 before any Cognito call.
     * Valid tokens are never counted. Default 30 per minute.
     */
    badTokensPerIp?: RateLimit;
    /**
     * Codes the account routes make Cognito send (sign-up, resend-sign-up-code, reset-password,
     * update-user-attributes changing e-mail or phone, send-user-attribute-verification-code),
     * per client IP, on top of each account's `codesSentPerAccount`. Default 30 per hour.
     */
    codesSentPerIp?: RateLimit;
    /**
     * Wrong codes on the account routes (confirm-sign-up, confirm-reset-password,
     * confirm-user-attribute, verify-totp-setup) per client IP, on top of each account's
     * `wrongCodesPerAccount`. Default 30 per 15 minutes.
     */
    wrongCodesPerIp?: RateLimit;
  };
  /** Which optional route groups are served. */
  routes?: {
    /**
     * `false` turns off `sign-up`, `confirm-sign-up` and `resend-sign-up-code` (404 NOT_FOUND),
     * e.g. for a pool where only admins create users. Default true.
     */
    signUp?: boolean;
  };
  /**
   * How the password reaches Cognito: "USER_SRP_AUTH" (default, as Amplify: the password never
   * leaves the server), "USER_PASSWORD_AUTH", or "USER_AUTH" (choice-based: `preferredChallenge`,
   * passwordless first factors).
   */
  authFlow?: "USER_SRP_AUTH" | "USER_PASSWORD_AUTH" | "USER_AUTH";
  /**
   * Secrets (each at least 32 characters) that seal the remembered-device cookie; the first
   * seals, every one opens (put a new one first to rotate). Every instance must share them.
   * Needed only when the pool tracks devices; without them each process makes its own, so a
   * remembered device works only on the instance that remembered it (a warning is logged).
   */
  secrets?: string[];
  /** How long a Cognito challenge session lives (ms). Match the app client's AuthSessionValidity. Default 180000. */
  challengeTtlMs?: number;
  /** Issuer shown in authenticator apps during TOTP set-up. Default "cognito-mfa-kit". */
  totpIssuer?: string;
  /**
   * Structured logger (events and correlation ids, never secrets). Either `{debug,info,warn,
   * error}(event, fields)`, or a pino-style `(obj, msg)` logger (pino, bunyan) as it is.
   * Default: JSON lines on stderr.
   */
  logger?: HostLogger;
  /**
   * How to call `logger`: `"auto"` (default) calls pino and bunyan loggers as `(obj, msg)` and
   * any other as `(event, fields)`; say `"(obj, msg)"` for another logger of that style.
   */
  loggerSignature?: LoggerSignature;
  /**
   * Audit hooks (`onSignIn`, `onSignInFailed`, `onChallenge`, `onSignOut`, `onRateLimited`…)
   * receiving a secret-free record; they never delay or break an answer (docs/integration.md).
   */
  events?: AuthEventHooks;
  /** For tests. */
  clock?: Clock;
  /** A ready Cognito port (tests inject faults through it). Default: the AWS SDK. */
  cognitoPort?: CognitoPort;
  /** A ready challenge store. Default: memory, or Redis when `redis` is set. */
  challengeStore?: ChallengeStore;
  /** A ready revocation list (sign-outs `requireAuth` honours). Default: memory, or Redis when `redis` is set. */
  revocationList?: RevocationList;
}

const rateLimit = z.object({ points: z.number().int().positive(), durationSeconds: z.number().int().positive() }).strict();
const nonEmpty = z.string().trim().min(1);
type HookName = Exclude<keyof AuthEventHooks, "timeoutMs">;
const HOOK_NAMES = ["onSignIn", "onSignInFailed", "onChallenge", "onSignOut", "onRateLimited", "onForbidden", "onSignUp", "onSignUpConfirmed", "onPasswordReset", "onPasswordChanged", "onMfaChanged", "onDeviceRemembered", "onDeviceForgotten", "onEvent"] as const satisfies readonly HookName[];
const hook = z.custom<NonNullable<AuthEventHooks["onEvent"]>>((value) => typeof value === "function", "must be a function");
/** Objects the host passes in as they are (a logger, a Redis client, test doubles): checked to be objects, never copied. */
const given = <T>() => z.custom<T>((value) => typeof value === "object" && value !== null, "must be an object");

// The one statement of every option's type check and default. `AuthOptions` above is the same
// shape written for callers, with JSDoc; a compile-time check below keeps the two in step.
const schema = z
  .object({
    cognito: z
      .object({
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be an AWS region such as eu-west-1").optional(),
        userPoolId: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+_[0-9a-zA-Z]+$/, "must look like eu-west-1_Abc123"),
        clientId: nonEmpty,
        clientSecret: nonEmpty.optional(),
        endpoint: z.url().optional(),
        timeoutMs: z.number().int().positive().max(60_000).default(5000),
        maxAttempts: z.number().int().min(1).max(10).default(3),
        refreshTokenRotation: z.boolean().default(false),
        acceptClientIds: z.array(nonEmpty).max(20).default([]),
      })
      .strict()
      // A pool id starts with its region: "eu-west-1_Abc123".
      .transform(({ region, ...cognito }) => ({ ...cognito, region: region ?? cognito.userPoolId.split("_")[0]! })),
    // Not "/": the routes would shadow the whole app.
    basePath: z.string().regex(/^\/[^?#]*[^/?#]$/, 'must start with / and not end with / (and cannot be "/" itself)').default("/auth"),
    tokenTransport: z.enum(["cookie", "body"]).default("cookie"),
    cookies: z
      .object({
        secure: z.boolean().default(true),
        sameSite: z.enum(["lax", "strict"]).default("lax"),
        sessionMaxAgeSeconds: z.number().int().positive().default(30 * 24 * 3600),
        namePrefix: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/).default("cmk"),
      })
      .strict()
      .prefault({}),
    allowedOrigins: z
      .array(z.url())
      .default([])
      .transform((origins) => origins.map((origin) => new URL(origin).origin)),
    trustProxy: z.number().int().min(0).max(10).default(0),
    clientIp: z.enum(["trust-proxy", "host"]).default("trust-proxy"),
    redis: z.union([z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL"), given<RedisClient>()]).optional(),
    limits: z
      .object({
        wrongCodesPerChallenge: z.number().int().min(1).max(20).default(5),
        wrongCodesPerAccount: rateLimit.default({ points: 10, durationSeconds: 15 * 60 }),
        codesSentPerAccount: rateLimit.default({ points: 5, durationSeconds: 3600 }),
        signInsPerIp: rateLimit.default({ points: 20, durationSeconds: 60 }),
        badTokensPerIp: rateLimit.default({ points: 30, durationSeconds: 60 }),
        codesSentPerIp: rateLimit.default({ points: 30, durationSeconds: 3600 }),
        wrongCodesPerIp: rateLimit.default({ points: 30, durationSeconds: 15 * 60 }),
      })
      .strict()
      .prefault({}),
    authFlow: z.enum(["USER_SRP_AUTH", "USER_PASSWORD_AUTH", "USER_AUTH"]).default("USER_SRP_AUTH"),
    secrets: z.array(z.string().min(32, "must be at least 32 characters")).min(1).optional(),
    routes: z.object({ signUp: z.boolean().default(true) }).strict().prefault({}),
    challengeTtlMs: z.number().int().min(1000).max(15 * 60_000).default(180_000),
    totpIssuer: z.string().min(1).max(64).default("cognito-mfa-kit"),
    logger: given<HostLogger>().optional(),
    loggerSignature: z.enum(["auto", "(event, fields)", "(obj, msg)"]).default("auto"),
    events: z
      .object({
        ...Object.fromEntries(HOOK_NAMES.map((name) => [name, hook.optional()])),
        timeoutMs: z.number().int().positive().max(60_000).default(2000),
      } as { [Name in HookName]: z.ZodOptional<typeof hook> } & { timeoutMs: z.ZodDefault<z.ZodNumber> })
      .strict()
      .optional(),
    clock: given<Clock>().optional(),
    cognitoPort: given<CognitoPort>().optional(),
    challengeStore: given<ChallengeStore>().optional(),
    revocationList: given<RevocationList>().optional(),
  })
  .strict();

/** The options with every default filled in, frozen (objects the host passed in are kept as they are). */
export type ResolvedOptions = DeepReadonly<z.output<typeof schema>>;

// AuthOptions (for callers) and the schema's input must describe the same options.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const optionsInStep: Same<Required<AuthOptions>, Required<z.input<typeof schema>>> = true;
void optionsInStep;

type DeepReadonly<T> = T extends HostLogger | AuthEventHooks | Clock | CognitoPort | ChallengeStore | RevocationList | RedisClient
  ? T
  : T extends readonly (infer Item)[]
    ? readonly DeepReadonly<Item>[]
    : T extends object
      ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
      : T;

/** Thrown at start-up for a bad option; the message names it. */
export class AuthOptionsError extends Error {
  override name = "AuthOptionsError";
}

/** Validates options when the factory is called, without touching the caller's object. */
export function resolveOptions(options: AuthOptions): ResolvedOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `options.${issue.path.join(".")}` : "options";
    throw new AuthOptionsError(`cognito-mfa-kit: ${where} ${issue.message}`);
  }
  const { logger, clock, cognitoPort, challengeStore, revocationList, redis, events, ...plain } = parsed.data;
  const given = { logger, clock, cognitoPort, challengeStore, revocationList, redis, events };
  // zod built fresh objects for the plain options: freezing them touches nothing of the caller's.
  return Object.freeze({ ...deepFreeze(plain), ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) }) as ResolvedOptions;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
