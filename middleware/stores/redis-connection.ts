import { createRequire } from "node:module";
import { AuthOptionsError } from "../core/options.js";
import { ioredisPort } from "./ioredis-port.js";
import { nodeRedisPort } from "./node-redis-port.js";
import type { IoredisClient, NodeRedisClient, RedisClient } from "./redis-client.js";
import type { RedisPort } from "./redis-port.js";

/** The longest any Redis call may take before it is a 503 (the connect timeout too). */
export const REDIS_DEADLINE_MS = 2000;

type IoredisModule = { Redis: new (url: string, options: Record<string, unknown>) => IoredisClient };

/**
 * The one place the kit loads ioredis (an optional peer): only when `redis` is a URL. Without
 * the package this fails at start-up and names it.
 */
export function loadIoredis(): IoredisModule {
  try {
    return createRequire(import.meta.url)("ioredis") as IoredisModule;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw cause;
    throw new AuthOptionsError('cognito-mfa-kit: options.redis is a URL, which needs the package "ioredis": npm install ioredis (or pass a connected ioredis or node-redis client)', { cause });
  }
}

/**
 * Redis for challenges, limits and sign-outs, from a URL. It fails fast when down instead of
 * queueing commands forever (each failure becomes a 503), so requests never hang on it.
 */
export function connectRedis(url: string): IoredisClient {
  const { Redis } = loadIoredis();
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: REDIS_DEADLINE_MS,
    commandTimeout: REDIS_DEADLINE_MS,
  });
  // Connection errors surface on each command as a 503; the event must still be handled.
  redis.on("error", () => {});
  return redis;
}

const ports = new WeakMap<object, RedisPort>();

/**
 * The kit's one view of whatever the host passed as `redis`: a URL (an ioredis client the kit
 * owns and closes), an ioredis client or Cluster, or a node-redis client (the host's, never
 * closed by the kit). One port per client, so every store and limit shares it.
 */
export function redisPortOf(redis: string | RedisClient | RedisPort, deadlineMs = REDIS_DEADLINE_MS): RedisPort {
  if (typeof redis === "string") return ioredisPort(connectRedis(redis), { deadlineMs, owned: true });
  if (isRedisPort(redis)) return redis;
  const known = ports.get(redis);
  if (known) return known;
  const port = isNodeRedis(redis) ? nodeRedisPort(redis, { deadlineMs }) : isIoredis(redis) ? ioredisPort(redis, { deadlineMs, owned: false }) : undefined;
  if (!port) throw new AuthOptionsError("cognito-mfa-kit: options.redis must be a redis:// URL, an ioredis client or Cluster, or a node-redis client");
  ports.set(redis, port);
  return port;
}

export function isRedisPort(value: unknown): value is RedisPort {
  return typeof value === "object" && value !== null && "run" in value && "limiterOptions" in value && "deadlineMs" in value;
}

function isNodeRedis(client: object): client is NodeRedisClient {
  const candidate = client as Partial<NodeRedisClient>;
  return typeof candidate.evalSha === "function" && typeof candidate.duplicate === "function" && typeof candidate.isOpen === "boolean";
}

function isIoredis(client: object): client is IoredisClient {
  const candidate = client as Partial<IoredisClient>;
  return typeof candidate.evalsha === "function" && typeof candidate.duplicate === "function" && typeof candidate.status === "string";
}
