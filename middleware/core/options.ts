import type { RedisClient } from "../stores/redis-client.js";
import { z } from "zod";
import type { CognitoPort } from "../../shared/cognito/cognito-port.js";
import type { SdkCognitoPortOptions } from "../../shared/cognito/sdk-cognito-port.js";
import type { Clock } from "../../shared/runtime/clock.js";
import type { Logger } from "../../shared/runtime/logger.js";
import type { ChallengeStore } from "../stores/challenge-store.js";

/** A limit: at most `points` events per `durationSeconds`. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

/** Options of `expressAuth`, `koaAuth` and `nodeAuth`. Checked when the factory is called. */
export interface AuthOptions {
  /** The user pool and app client, and how to call Cognito (see SdkCognitoPortOptions). */
  cognito: Omit<SdkCognitoPortOptions, "client"> & {
    /** Pool id, AWS style ("eu-west-1_Abc123"): access tokens are verified against it. */
    userPoolId: string;
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
  /** Redis for challenges, limits and sign-out across instances: a URL or an ioredis client. Default: memory. */
  redis?: string | RedisClient;
  /** Limits; each has the contract's default. */
  limits?: {
    /** Wrong codes one challenge accepts. Default 5. */
    wrongCodesPerChallenge?: number;
    /** Wrong codes per account across sign-ins. Default 10 per 15 minutes. */
    wrongCodesPerAccount?: RateLimit;
    /** Codes Cognito may send per account (the SMS bill). Default 5 per hour. */
    codesSentPerAccount?: RateLimit;
    /** Sign-ins per client IP. Default 20 per minute. */
    signInsPerIp?: RateLimit;
  };
  /** How long a Cognito challenge session lives (ms). Match the app client's AuthSessionValidity. Default 180000. */
  challengeTtlMs?: number;
  /** Issuer shown in authenticator apps during TOTP set-up. Default "cognito-mfa-kit". */
  totpIssuer?: string;
  /** Structured logger (events and correlation ids, never secrets). Default: JSON lines on stderr. */
  logger?: Logger;
  /** For tests. */
  clock?: Clock;
  /** A ready Cognito port (tests inject faults through it). Default: the AWS SDK. */
  cognitoPort?: CognitoPort;
  /** A ready challenge store. Default: memory, or Redis when `redis` is set. */
  challengeStore?: ChallengeStore;
}

const rateLimit = z.object({ points: z.number().int().positive(), durationSeconds: z.number().int().positive() }).strict();
const nonEmpty = z.string().trim().min(1);

const schema = z
  .object({
    cognito: z
      .object({
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be an AWS region such as eu-west-1"),
        userPoolId: z.string().regex(/^[\w-]+_[0-9a-zA-Z]+$/, "must look like eu-west-1_Abc123"),
        clientId: nonEmpty,
        clientSecret: nonEmpty.optional(),
        endpoint: z.url().optional(),
        timeoutMs: z.number().int().positive().max(60_000).optional(),
        maxAttempts: z.number().int().min(1).max(10).optional(),
        refreshTokenRotation: z.boolean().optional(),
      })
      .strict(),
    // Not "/": the routes would shadow the whole app, and the challenge cookie needs its own Path.
    basePath: z.string().regex(/^\/[^?#]*[^/?#]$/, 'must start with / and not end with / (and cannot be "/" itself)').optional(),
    tokenTransport: z.enum(["cookie", "body"]).optional(),
    cookies: z
      .object({
        secure: z.boolean().optional(),
        sameSite: z.enum(["lax", "strict"]).optional(),
        sessionMaxAgeSeconds: z.number().int().positive().optional(),
        namePrefix: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/).optional(),
      })
      .strict()
      .optional(),
    allowedOrigins: z.array(z.url()).optional(),
    trustProxy: z.number().int().min(0).max(10).optional(),
    redis: z.union([z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL"), z.object({}).loose()]).optional(),
    limits: z
      .object({
        wrongCodesPerChallenge: z.number().int().min(1).max(20).optional(),
        wrongCodesPerAccount: rateLimit.optional(),
        codesSentPerAccount: rateLimit.optional(),
        signInsPerIp: rateLimit.optional(),
      })
      .strict()
      .optional(),
    challengeTtlMs: z.number().int().min(1000).max(15 * 60_000).optional(),
    totpIssuer: z.string().min(1).max(64).optional(),
    logger: z.object({}).loose().optional(),
    clock: z.object({}).loose().optional(),
    cognitoPort: z.object({}).loose().optional(),
    challengeStore: z.object({}).loose().optional(),
  })
  .strict();

/** The options with every default filled in, frozen. */
export type ResolvedOptions = Readonly<{
  cognito: Readonly<AuthOptions["cognito"]>;
  basePath: string;
  tokenTransport: "cookie" | "body";
  cookies: Readonly<{ secure: boolean; sameSite: "lax" | "strict"; sessionMaxAgeSeconds: number; namePrefix: string }>;
  allowedOrigins: readonly string[];
  trustProxy: number;
  redis?: string | RedisClient;
  limits: Readonly<{ wrongCodesPerChallenge: number; wrongCodesPerAccount: RateLimit; codesSentPerAccount: RateLimit; signInsPerIp: RateLimit }>;
  challengeTtlMs: number;
  totpIssuer: string;
  logger?: Logger;
  clock?: Clock;
  cognitoPort?: CognitoPort;
  challengeStore?: ChallengeStore;
}>;

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
  const limits = options.limits ?? {};
  return Object.freeze({
    cognito: Object.freeze({ ...options.cognito }),
    basePath: options.basePath ?? "/auth",
    tokenTransport: options.tokenTransport ?? "cookie",
    cookies: Object.freeze({
      secure: options.cookies?.secure ?? true,
      sameSite: options.cookies?.sameSite ?? "lax",
      sessionMaxAgeSeconds: options.cookies?.sessionMaxAgeSeconds ?? 30 * 24 * 3600,
      namePrefix: options.cookies?.namePrefix ?? "cmk",
    }),
    allowedOrigins: Object.freeze((options.allowedOrigins ?? []).map((origin) => new URL(origin).origin)),
    trustProxy: options.trustProxy ?? 0,
    ...(options.redis ? { redis: options.redis } : {}),
    limits: Object.freeze({
      wrongCodesPerChallenge: limits.wrongCodesPerChallenge ?? 5,
      wrongCodesPerAccount: limits.wrongCodesPerAccount ?? { points: 10, durationSeconds: 15 * 60 },
      codesSentPerAccount: limits.codesSentPerAccount ?? { points: 5, durationSeconds: 3600 },
      signInsPerIp: limits.signInsPerIp ?? { points: 20, durationSeconds: 60 },
    }),
    challengeTtlMs: options.challengeTtlMs ?? 180_000,
    totpIssuer: options.totpIssuer ?? "cognito-mfa-kit",
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.cognitoPort ? { cognitoPort: options.cognitoPort } : {}),
    ...(options.challengeStore ? { challengeStore: options.challengeStore } : {}),
  });
}
