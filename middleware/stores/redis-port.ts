import { createHash } from "node:crypto";
import type { IoredisClient, NodeRedisClient, RedisClient } from "./redis-client.js";

export type { IoredisClient, NodeRedisClient, RedisClient };

/** A Lua script with its SHA-1, so it runs as EVALSHA (EVAL once per Redis node, on NOSCRIPT). */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export function lua(source: string): LuaScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** What a subscription reports: each message, and every sign that messages may have been missed. */
export interface SubscriptionListener {
  message(text: string): void;
  /** The connection closed, is reconnecting or failed: messages in between may be lost. */
  lost(): void;
}

export interface Subscription {
  close(): void;
}

/**
 * The one interface the stores, the limits and the revocation cache use, whatever client the
 * host passed. Every call is bounded in time (a hung or down node is an error within
 * `deadlineMs`, never a wait). Every script's keys share one hash slot (`{…}`), so each runs on
 * one Redis Cluster node.
 */
export interface RedisPort {
  readonly kind: "ioredis" | "ioredis-cluster" | "node-redis";
  /** Longest wait for any call, ms. */
  readonly deadlineMs: number;
  run(script: LuaScript, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown>;
  del(key: string): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  /** A dedicated connection (a duplicate of the client) subscribed to `channel`; it reconnects on its own. */
  subscribe(channel: string, listener: SubscriptionListener): Subscription;
  /** rate-limiter-flexible's RateLimiterRedis options for this client. */
  readonly limiterOptions: { storeClient: unknown; useRedisPackage?: boolean };
  /** Waits (at most `deadlineMs`) for the first connection, so start-up requests are not 503s. */
  whenConnected(): Promise<void>;
  /** Closes what the port opened (subscriptions, and the client when it made it from a URL). */
  close(): Promise<void>;
}

/** Rejects when `promise` has not settled within `ms`: a hung Redis node is an error, not a wait. */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The part of a key Redis Cluster hashes: the first non-empty `{…}`, else the whole key. */
export function hashTagOf(key: string): string {
  const open = key.indexOf("{");
  const close = open < 0 ? -1 : key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Throws unless every key of one script shares a hash slot (same tag): a script must run on one Cluster node. */
export function assertOneSlot(keys: readonly string[]): void {
  if (keys.length < 2) return;
  const tag = hashTagOf(keys[0]!);
  if (keys.some((key) => hashTagOf(key) !== tag)) throw new Error(`Redis script keys span hash slots: ${keys.join(", ")}`);
}

export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}
