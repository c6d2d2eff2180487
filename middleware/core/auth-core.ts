import { AuthError } from "../../shared/errors/auth-error.js";
import { randomHex } from "../crypto/random-pool.js";
import { createAccountOperations } from "../../shared/account/account-operations.js";
import { createSdkAccountPort } from "../../shared/cognito/sdk-account-port.js";
import { createSdkCognitoPort } from "../../shared/cognito/sdk-cognito-port.js";
import { createFlow } from "../../shared/flow/flow.js";
import { systemClock } from "../../shared/runtime/clock.js";
import { adaptLogger, createConsoleLogger } from "../../shared/runtime/logger.js";
import { createAccessTokenVerifier, createJwksCache } from "../../shared/tokens/access-token-verifier.js";
import { createIdTokenVerifier } from "../../shared/tokens/id-token-verifier.js";
import { SessionGuard, type AuthenticatedUser, type Authentication } from "../guard/session-guard.js";
import { BadTokenLimit } from "../limits/bad-token-limit.js";
import { RateLimits } from "../limits/rate-limits.js";
import { AccountLimits } from "../limits/account-limits.js";
import { claimLeaseMs, type ChallengeStore } from "../stores/challenge-store.js";
import { MemoryChallengeStore } from "../stores/memory-challenge-store.js";
import { RedisChallengeStore } from "../stores/redis-challenge-store.js";
import { redisPortOf } from "../stores/redis-connection.js";
import { RedisRevocationList } from "../stores/redis-revocation-list.js";
import { MemoryRevocationList, type RevocationList } from "../stores/revocation-list.js";
import { MemorySignUpSessionStore, RedisSignUpSessionStore } from "../stores/sign-up-session-store.js";
import { SignUpCookie } from "./routes/account/sign-up-cookie.js";
import type { AuthRequest, AuthResponse } from "./auth-http.js";
import { clientIp, normaliseIp } from "./client-ip.js";
import { CookieJar } from "./cookies.js";
import { DeviceSealer } from "./device-cookie.js";
import { resolveOptions, type AuthOptions, type ResolvedOptions } from "./options.js";
import { assertJsonBody, assertSameOrigin, readJsonBody } from "./request-guards.js";
import { errorResponse } from "./responses.js";
import type { AuthServices } from "./route-context.js";
import { fromWebRequest, toWebResponse } from "./web.js";
import { endpointAt } from "./endpoints.js";
import { parseBody } from "./parse-body.js";
import { createAuthEvents, type AuthEvents } from "../events/event-emitter.js";
import { emitRouteEvent, type AuditNotes } from "../events/route-events.js";

/** What an adapter knows about the request beyond the request itself. */
export interface RequestInfo {
  /** The path below the mount point, e.g. "/sign-in". */
  path: string;
  /** Where the routes are mounted, e.g. "/auth" (the challenge cookie's Path). */
  basePath: string;
  /** The socket's peer address. */
  remoteAddress: string | undefined;
  /** The host framework's client IP (Express `req.ip`, Koa `ctx.ip`): used with `clientIp: "host"`. */
  hostIp?: string | undefined;
  /** Whether the host framework trusts the proxy in front (X-Forwarded-Host), with `clientIp: "host"`. */
  hostTrustsProxy?: boolean;
}

/** What requireAuth passes to `authenticate`. */
export interface AuthenticateInput {
  cookieHeader: string | null;
  authorization: string | null;
  remoteAddress?: string | undefined;
  forwardedFor?: string | null;
  /** The host framework's client IP, used with `clientIp: "host"`. */
  hostIp?: string | undefined;
  /** For the `rate-limited` event's record. */
  userAgent?: string | null;
  /** The request's path (and query); only the path goes into the event. */
  url?: string | undefined;
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
  authenticate(input: AuthenticateInput): Promise<Authentication>;
  /**
   * The signed-in user without waiting, when already known here (a token verified before, its
   * sign-out check answered locally); else undefined, and `authenticate` decides.
   */
  knownUser(cookieHeader: string | null, authorization: string | null): AuthenticatedUser | undefined;
  /** The client IP as the limits see it (`trustProxy`, or the host's with `clientIp: "host"`). */
  clientIpOf(input: { remoteAddress?: string | undefined; forwardedFor?: string | null; hostIp?: string | undefined }): string;
  /** The `events` hooks, behind a bounded fire-and-forget emitter. */
  readonly events: AuthEvents;
  /** Closes what the middleware opened (its Redis connection, timers). */
  close(): Promise<void>;
}

export function createAuthCore(userOptions: AuthOptions): AuthCore {
  const options = resolveOptions(userOptions);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ? adaptLogger(options.logger, options.loggerSignature) : createConsoleLogger();
  const events = createAuthEvents(options.events, { clock, logger });
  const timeoutMs = options.cognito.timeoutMs;
  // One port for whatever the host passed (URL, ioredis, Cluster, node-redis); see docs/redis.md.
  const redis = options.redis === undefined ? undefined : redisPortOf(options.redis);
  const redisConnected = redis ? () => redis.whenConnected() : async () => {};
  // Until Redis first connects, requests wait for it (`authenticate`); after, the guard may answer at once.
  let redisUp = !redis;
  if (redis) void redis.whenConnected().then(() => (redisUp = true), () => {});
  const redisReady = () => redisUp;

  const cognito = options.cognitoPort ?? createSdkCognitoPort({ ...options.cognito, timeoutMs });
  const flow = createFlow({ cognito, authFlow: options.authFlow, clock, logger, challengeTtlMs: options.challengeTtlMs, totpIssuer: options.totpIssuer });
  const store: ChallengeStore = options.challengeStore ?? (redis ? new RedisChallengeStore(redis) : new MemoryChallengeStore(clock));
  const devices = new DeviceSealer(options.secrets, logger);
  const cookies = new CookieJar(options.cookies, (sealed) => devices.open(sealed));
  // One JWKS, fetched once, for both the access and the ID token.
  const pool = { userPoolId: options.cognito.userPoolId, clientId: options.cognito.clientId, jwksCache: createJwksCache(options.cognito.endpoint) };
  // Access tokens of the other app clients listed are accepted too; ID tokens (the e-mail) only from ours.
  const verifier = createAccessTokenVerifier({ ...pool, clientId: [options.cognito.clientId, ...options.cognito.acceptClientIds] });
  const idVerifier = createIdTokenVerifier(pool);
  const revocations: RevocationList = options.revocationList ?? (redis ? new RedisRevocationList(redis) : new MemoryRevocationList(clock));
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
    events,
    claimLeaseMs: claimLeaseMs(timeoutMs),
  };
  let forwardedForWarned = false;

  /** The client IP; says once when X-Forwarded-For arrives but nothing is set to trust it. */
  function clientIpOf(input: { remoteAddress?: string | undefined; forwardedFor?: string | null; hostIp?: string | undefined }): string {
    if (options.clientIp === "host") return normaliseIp(input.hostIp) ?? clientIp(input.remoteAddress, null, 0);
    if (input.forwardedFor && options.trustProxy === 0 && !forwardedForWarned) {
      forwardedForWarned = true;
      logger.warn("proxy.forwarded-for-ignored", { hint: 'X-Forwarded-For arrived but trustProxy is 0: every client counts as the proxy\'s IP. Set trustProxy to the number of proxies, or clientIp: "host" to use the framework\'s req.ip / ctx.ip.' });
    }
    return clientIp(input.remoteAddress, input.forwardedFor ?? null, options.trustProxy);
  }

  async function dispatch(request: AuthRequest, info: RequestInfo, requestId: string, ip: string, audit: AuditNotes): Promise<AuthResponse> {
    const entry = endpointAt(info.path, options);
    if (!entry) throw new AuthError("NOT_FOUND");
    // HEAD is GET without a body, as Express and Koa treat it.
    const method = request.method === "HEAD" ? "GET" : request.method;
    if (method !== entry.method) return errorResponse(new AuthError("METHOD_NOT_ALLOWED"), [], { allow: entry.method === "GET" ? "GET, HEAD" : entry.method });
    const trustsForwardedHost = options.clientIp === "host" ? info.hostTrustsProxy === true : options.trustProxy > 0;
    assertSameOrigin(request, options.allowedOrigins, hostOf(request, trustsForwardedHost));
    const context = { request, clientIp: ip, requestId, basePath: info.basePath, audit, path: info.path };
    if (entry.method === "GET") return entry.handle(services, context, undefined);
    assertJsonBody(request);
    const body = parseBody(entry.body, await readJsonBody(request));
    // The name as typed (sign-in, sign-up…), for the event; never the password or a code.
    const typed = (body as { username?: unknown }).username;
    if (typeof typed === "string") audit.signInName = typed;
    return entry.handle(services, context, body as never);
  }

  async function handle(request: AuthRequest, info: RequestInfo): Promise<AuthResponse> {
    const requestId = randomHex(8);
    const ip = clientIpOf({ remoteAddress: info.remoteAddress, forwardedFor: request.header("x-forwarded-for"), hostIp: info.hostIp });
    const audit: AuditNotes = {};
    let response: AuthResponse;
    try {
      // Until Redis first connects, requests wait for it; after that, no extra await per request.
      if (!redisUp) await redisConnected();
      response = await dispatch(request, info, requestId, ip, audit);
    } catch (error) {
      response = errorResponse(toAuthError(error, requestId, info.path));
    }
    response.headers["x-request-id"] = requestId;
    emitRouteEvent(events, info.path, { requestId, ip, userAgent: request.header("user-agent"), path: info.path }, response, audit);
    return response;
  }

  return {
    options,

    handle,

    async handleWeb(request, info) {
      return toWebResponse(await handle(fromWebRequest(request), info));
    },

    knownUser(cookieHeader, authorization) {
      return redisReady() ? services.guard.knownUser(cookieHeader, authorization) : undefined;
    },

    async authenticate(input) {
      await redisConnected();
      const ip = clientIpOf(input);
      try {
        return await services.guard.authenticate({ cookieHeader: input.cookieHeader, authorization: input.authorization, allowRefresh: options.tokenTransport === "cookie", clientIp: ip });
      } catch (error) {
        if (error instanceof AuthError && error.code === "RATE_LIMITED") events.emit("rate-limited", { ip, userAgent: input.userAgent ?? null, ...(input.url ? { path: input.url.split("?")[0]! } : {}) }, { code: "RATE_LIMITED" });
        throw error;
      }
    },

    clientIpOf,

    events,

    async close() {
      await events.settled();
      await store.close?.();
      if (!options.revocationList) await revocations.close?.();
      await redis?.close();
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
function hostOf(request: AuthRequest, trustsProxy: boolean): string | null {
  const forwarded = trustsProxy ? request.header("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return forwarded || request.header("host");
}

/** The error's class and message, for the server log only. Cognito messages carry no secrets. */
function describeCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return cause === undefined ? undefined : String(cause);
  return `${cause.name}: ${cause.message}`;
}
