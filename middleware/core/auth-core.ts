import { randomBytes } from "node:crypto";
import { AuthError } from "../../shared/errors/auth-error.js";
import { createAccountOperations } from "../../shared/account/account-operations.js";
import { createSdkAccountPort } from "../../shared/cognito/sdk-account-port.js";
import { createSdkCognitoPort } from "../../shared/cognito/sdk-cognito-port.js";
import { createFlow } from "../../shared/flow/flow.js";
import { systemClock } from "../../shared/runtime/clock.js";
import { createConsoleLogger } from "../../shared/runtime/logger.js";
import { createAccessTokenVerifier, createJwksCache } from "../../shared/tokens/access-token-verifier.js";
import { createIdTokenVerifier } from "../../shared/tokens/id-token-verifier.js";
import { SessionGuard, type Authentication } from "../guard/session-guard.js";
import { BadTokenLimit } from "../limits/bad-token-limit.js";
import { RateLimits } from "../limits/rate-limits.js";
import { AccountLimits } from "../limits/account-limits.js";
import { claimLeaseMs, type ChallengeStore } from "../stores/challenge-store.js";
import { MemoryChallengeStore } from "../stores/memory-challenge-store.js";
import { RedisChallengeStore } from "../stores/redis-challenge-store.js";
import { MemorySignUpSessionStore, RedisSignUpSessionStore } from "../stores/sign-up-session-store.js";
import { SignUpCookie } from "./routes/account/sign-up-cookie.js";
import { connectRedis, firstConnection } from "../stores/redis-connection.js";
import { MemoryRevocationList, RedisRevocationList } from "../stores/revocation-list.js";
import type { AuthRequest, AuthResponse } from "./auth-http.js";
import { clientIp } from "./client-ip.js";
import { CookieJar } from "./cookies.js";
import { DeviceSealer } from "./device-cookie.js";
import { resolveOptions, type AuthOptions, type ResolvedOptions } from "./options.js";
import { assertJsonBody, assertSameOrigin, readJsonBody } from "./request-guards.js";
import { errorResponse } from "./responses.js";
import type { AuthServices } from "./route-context.js";
import { fromWebRequest, toWebResponse } from "./web.js";
import { endpointAt } from "./endpoints.js";
import { parseBody } from "./parse-body.js";

/** What an adapter knows about the request beyond the request itself. */
export interface RequestInfo {
  /** The path below the mount point, e.g. "/sign-in". */
  path: string;
  /** Where the routes are mounted, e.g. "/auth" (the challenge cookie's Path). */
  basePath: string;
  /** The socket's peer address. */
  remoteAddress: string | undefined;
}

/** The framework-neutral middleware: a request in, a response out. Adapters stay thin. */
export interface AuthCore {
  readonly options: ResolvedOptions;
  /** Answers a request for one of the auth routes (any path below the base path). */
  handle(request: AuthRequest, info: RequestInfo): Promise<AuthResponse>;
  /** The same for Web-standard hosts: `Request` in, `Response` out. */
  handleWeb(request: Request, info: RequestInfo): Promise<Response>;
  /**
   * Who is signed in, for requireAuth; refreshes an expired access token when it can. The peer
   * address and X-Forwarded-For name the client IP whose bad-token budget a refused token uses
   * (`limits.badTokensPerIp`; RATE_LIMITED past it); without them all such callers share one.
   */
  authenticate(input: { cookieHeader: string | null; authorization: string | null; remoteAddress?: string | undefined; forwardedFor?: string | null }): Promise<Authentication>;
  /** Closes what the middleware opened (its Redis connection, timers). */
  close(): Promise<void>;
}

export function createAuthCore(userOptions: AuthOptions): AuthCore {
  const options = resolveOptions(userOptions);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createConsoleLogger();
  const timeoutMs = options.cognito.timeoutMs;
  const ownsRedis = typeof options.redis === "string";
  const redis = typeof options.redis === "string" ? connectRedis(options.redis) : options.redis;
  const redisConnected = redis ? firstConnection(redis) : async () => {};

  const cognito = options.cognitoPort ?? createSdkCognitoPort({ ...options.cognito, timeoutMs });
  const flow = createFlow({ cognito, authFlow: options.authFlow, clock, logger, challengeTtlMs: options.challengeTtlMs, totpIssuer: options.totpIssuer });
  const store: ChallengeStore = options.challengeStore ?? (redis ? new RedisChallengeStore(redis) : new MemoryChallengeStore(clock));
  const devices = new DeviceSealer(options.secrets, logger);
  const cookies = new CookieJar(options.cookies, (sealed) => devices.open(sealed));
  // One JWKS, fetched once, for both the access and the ID token.
  const pool = { userPoolId: options.cognito.userPoolId, clientId: options.cognito.clientId, jwksCache: createJwksCache(options.cognito.endpoint) };
  const verifier = createAccessTokenVerifier(pool);
  const idVerifier = createIdTokenVerifier(pool);
  const revocations = options.revocationList ?? (redis ? new RedisRevocationList(redis) : new MemoryRevocationList(clock));
  const badTokens = new BadTokenLimit(options.limits.badTokensPerIp, redis);
  const limits = new RateLimits(options.limits, redis);
  // The account routes' Cognito calls: the same app client (and SECRET_HASH) as sign-in.
  const { region, clientId, clientSecret, endpoint, maxAttempts } = options.cognito;
  const accountPort = createSdkAccountPort({ region, clientId, ...(clientSecret ? { clientSecret } : {}), ...(endpoint ? { endpoint } : {}), timeoutMs, maxAttempts });
  const services: AuthServices = {
    options,
    flow,
    store,
    limits,
    account: createAccountOperations({ port: accountPort, totpIssuer: options.totpIssuer }),
    accountLimits: new AccountLimits(limits, options.limits, redis),
    signUps: { store: redis ? new RedisSignUpSessionStore(redis) : new MemorySignUpSessionStore(clock), cookie: new SignUpCookie(options.cookies) },
    guard: new SessionGuard({ verifier, idVerifier, flow, revocations, badTokens, cookies, clock, logger }),
    cookies,
    devices,
    clock,
    logger,
    claimLeaseMs: claimLeaseMs(timeoutMs),
  };

  async function dispatch(request: AuthRequest, info: RequestInfo, requestId: string): Promise<AuthResponse> {
    const entry = endpointAt(info.path, options);
    if (!entry) throw new AuthError("NOT_FOUND");
    // HEAD is GET without a body, as Express and Koa treat it.
    const method = request.method === "HEAD" ? "GET" : request.method;
    if (method !== entry.method) return errorResponse(new AuthError("METHOD_NOT_ALLOWED"), [], { allow: entry.method === "GET" ? "GET, HEAD" : entry.method });
    assertSameOrigin(request, options.allowedOrigins, hostOf(request, options.trustProxy));
    const context = { request, clientIp: clientIp(info.remoteAddress, request.header("x-forwarded-for"), options.trustProxy), requestId, basePath: info.basePath };
    if (entry.method === "GET") return entry.handle(services, context, undefined);
    assertJsonBody(request);
    const body = parseBody(entry.body, await readJsonBody(request));
    return entry.handle(services, context, body as never);
  }

  async function handle(request: AuthRequest, info: RequestInfo): Promise<AuthResponse> {
    const requestId = randomBytes(8).toString("hex");
    let response: AuthResponse;
    try {
      await redisConnected();
      response = await dispatch(request, info, requestId);
    } catch (error) {
      response = errorResponse(toAuthError(error, requestId, info.path));
    }
    response.headers["x-request-id"] = requestId;
    return response;
  }

  return {
    options,

    handle,

    async handleWeb(request, info) {
      return toWebResponse(await handle(fromWebRequest(request), info));
    },

    async authenticate({ cookieHeader, authorization, remoteAddress, forwardedFor }) {
      await redisConnected();
      const ip = clientIp(remoteAddress, forwardedFor ?? null, options.trustProxy);
      return services.guard.authenticate({ cookieHeader, authorization, allowRefresh: options.tokenTransport === "cookie", clientIp: ip });
    },

    async close() {
      await store.close?.();
      if (ownsRedis && redis) redis.disconnect();
    },
  };

  /** Unknown failures are logged with the request id and answered as INTERNAL, no details. */
  function toAuthError(error: unknown, requestId: string, path: string): AuthError {
    if (error instanceof AuthError) {
      if (error.code === "INTERNAL" || error.code === "UPSTREAM_UNAVAILABLE") {
        logger.error("request.failed", { requestId, path, code: error.code, cause: describeCause(error.cause) });
      }
      // Someone is pushing against a limit: worth a line for whoever watches for abuse.
      if (error.code === "RATE_LIMITED") logger.warn("request.rate-limited", { requestId, path, retryAfter: error.details.retryAfter });
      return error;
    }
    logger.error("request.failed", { requestId, path, code: "INTERNAL", cause: describeCause(error) });
    return new AuthError("INTERNAL");
  }
}

/** The host the browser addressed (X-Forwarded-Host only behind trusted proxies). */
function hostOf(request: AuthRequest, trustProxy: number): string | null {
  const forwarded = trustProxy > 0 ? request.header("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return forwarded || request.header("host");
}

/** The error's class and message, for the server log only. Cognito messages carry no secrets. */
function describeCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return cause === undefined ? undefined : String(cause);
  return `${cause.name}: ${cause.message}`;
}
