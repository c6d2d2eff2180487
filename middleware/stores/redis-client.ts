/* eslint-disable @typescript-eslint/no-explicit-any -- listener and option shapes differ per client; only their presence matters here */

/**
 * The part of an ioredis client (a `Redis` or a `Cluster`) the kit calls. Declared here so the
 * kit's typings do not need ioredis, which is an optional peer: an ioredis client fits it.
 */
export interface IoredisClient {
  readonly status: string;
  /** ioredis sets it: true on a `Cluster`. */
  readonly isCluster?: boolean;
  evalsha(sha1: string, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  del(key: string): Promise<number>;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string): Promise<unknown>;
  /** `Redis.duplicate(overrides)` / `Cluster.duplicate(nodes, overrides)`. */
  duplicate(...args: any[]): IoredisClient;
  on(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  disconnect(): void;
}

/**
 * A node-redis (package `redis`, v4 or v5) client or cluster, as far as the kit uses it. Typed
 * here by shape so that the kit neither loads nor needs the package. Pass it connected
 * (`await client.connect()`); the kit never closes it.
 */
export interface NodeRedisClient {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(key: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(): NodeRedisClient;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  on(event: string, listener: (...args: any[]) => void): unknown;
  readonly isOpen: boolean;
  readonly isReady?: boolean;
  destroy?(): unknown;
  disconnect?(): Promise<unknown>;
}

/** What the `redis` option takes besides a URL: an ioredis client or Cluster, or a node-redis client. */
export type RedisClient = IoredisClient | NodeRedisClient;
