/**
 * The part of an ioredis client (a `Redis` or a `Cluster`) the kit calls. Declared here so the
 * kit's typings do not need ioredis, which is an optional peer: an ioredis client fits it.
 */
export interface RedisClient {
  readonly status: string;
  eval(script: string, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  set(key: string, value: string, expiryMode: "PXAT", unixTimeMs: number): Promise<unknown>;
  exists(key: string): Promise<number>;
  mget(...keys: string[]): Promise<Array<string | null>>;
  del(key: string): Promise<number>;
  multi(): RedisPipeline;
  on(event: "error", listener: (error: Error) => void): unknown;
  once(event: "ready", listener: () => void): unknown;
  off(event: "ready", listener: () => void): unknown;
  disconnect(): void;
}

/** The MULTI chain the challenge store writes through. */
export interface RedisPipeline {
  del(key: string): RedisPipeline;
  hset(key: string, fields: Record<string, string | number>): RedisPipeline;
  pexpireat(key: string, unixTimeMs: number): RedisPipeline;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
}
