// cognito-mfa-kit's server side: the /auth routes and requireAuth for Express, Koa and Node http.
export { expressAuth, requireAuth, type ExpressAuth } from "./adapters/express.js";
export { koaAuth, requireAuth as koaRequireAuth, type KoaAuth } from "./adapters/koa.js";
export { nodeAuth, type NodeAuth } from "./adapters/node.js";
export { createAuthCore, type AuthCore, type RequestInfo } from "./core/auth-core.js";
export { AuthOptionsError, type AuthOptions, type RateLimit } from "./core/options.js";
export type { AuthenticatedUser } from "./guard/session-guard.js";
export type { RequireAuthOptions, ExpressRequireAuthOptions } from "./guard/require-auth-options.js";
export type { AuthEvent, AuthEventHook, AuthEventHooks, AuthEventType } from "./events/auth-event.js";
export type { HostLogger, Logger, LoggerSignature, ObjectMessageLogger } from "../shared/runtime/logger.js";
export type { ChallengeStore, ChallengeRecord, ClaimResult } from "./stores/challenge-store.js";
export { MemoryChallengeStore } from "./stores/memory-challenge-store.js";
export { RedisChallengeStore } from "./stores/redis-challenge-store.js";
export type { NodeRedisClient, RedisClient } from "./stores/redis-port.js";
export { AuthError } from "../shared/errors/auth-error.js";
export { ERROR_CODES, type ErrorCode } from "../shared/errors/error-codes.js";
