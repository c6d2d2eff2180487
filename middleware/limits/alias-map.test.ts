import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { Redis } from "ioredis";
import { redisSkipReason, startRedisServer, type RedisServer } from "../../testing/support/redis-server.js";
import { MemoryAliasMap, RedisAliasMap, type AliasMap } from "./alias-map.js";

// The alias map remembers which Cognito user a typed name was; it must stay bounded in count
// and time, whatever is written to it.

describe("MemoryAliasMap", () => {
  test("remembers a name, forgets it after the TTL, and keeps at most maxEntries (the oldest goes)", async () => {
    let now = 1_000_000;
    const map = new MemoryAliasMap({ maxEntries: 3, ttlMs: 1000 }, () => now);
    await map.learn("a@example.com", "user-a");
    assert.equal(await map.lookup("a@example.com"), "user-a");
    assert.equal(await map.lookup("A@example.com"), undefined, "exact names only: Cognito decides what is the same user");
    now += 1001;
    assert.equal(await map.lookup("a@example.com"), undefined, "expired");
    for (const name of ["n1", "n2", "n3", "n4"]) await map.learn(name, `user-${name}`);
    assert.equal(map.size, 3);
    assert.equal(await map.lookup("n1"), undefined, "the oldest entry went first");
    assert.equal(await map.lookup("n4"), "user-n4");
  });
});

describe("RedisAliasMap", { skip: redisSkipReason() }, () => {
  let server: RedisServer;
  let redis: Redis;
  before(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
    redis.on("error", () => {});
  });
  after(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  beforeEach(() => redis.flushall());

  test("remembers a name for every instance, forgets it after the TTL (Redis's clock), and stays under maxEntries", async () => {
    const a: AliasMap = new RedisAliasMap(redis, { maxEntries: 3, ttlMs: 300 });
    const b: AliasMap = new RedisAliasMap(redis, { maxEntries: 3, ttlMs: 300 });
    await a.learn("sub-1234", "demo@example.com");
    assert.equal(await b.lookup("sub-1234"), "demo@example.com", "learnt on A, known on B");
    await new Promise((resolve) => setTimeout(resolve, 350));
    assert.equal(await b.lookup("sub-1234"), undefined, "expired");
    for (const name of ["n1", "n2", "n3", "n4", "n5"]) await a.learn(name, `user-${name}`);
    assert.equal(await redis.hlen("{cmk:alias}:names"), 3);
    assert.equal(await redis.zcard("{cmk:alias}:expiry"), 3);
    assert.equal(await b.lookup("n1"), undefined, "the oldest entries went first");
    assert.equal(await b.lookup("n5"), "user-n5");
  });
});
