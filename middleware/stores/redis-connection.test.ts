import assert from "node:assert/strict";
import { test } from "node:test";
import { Cluster, Redis } from "ioredis";
import { createAuthCore } from "../core/auth-core.js";
import { AuthOptionsError } from "../core/options.js";
import { redisPortOf } from "./redis-connection.js";
import { hashTagOf, lua } from "./redis-port.js";

// Which client the host passed decides the adapter; anything else fails at start-up, by name.

test("an ioredis client and an ioredis Cluster are recognised, one port per client", async () => {
  const redis = new Redis({ lazyConnect: true });
  const cluster = new Cluster([{ host: "127.0.0.1", port: 1 }], { lazyConnect: true });
  try {
    assert.equal(redisPortOf(redis).kind, "ioredis");
    assert.equal(redisPortOf(cluster).kind, "ioredis-cluster");
    assert.equal(redisPortOf(redis), redisPortOf(redis), "the stores and limits share one port");
    assert.equal(redisPortOf(cluster).limiterOptions.storeClient, cluster, "rate-limiter-flexible gets the host's client itself");
  } finally {
    redis.disconnect();
    cluster.disconnect();
  }
});

test("something that is no supported client fails when the middleware is made, naming the option", () => {
  assert.throws(() => createAuthCore({ cognito: { region: "us-east-1", userPoolId: "us-east-1_abc", clientId: "client" }, redis: {} as never }), (error: unknown) => error instanceof AuthOptionsError && /options\.redis must be/.test(error.message));
  for (const bad of [{}, { get() {} }, new Map()]) {
    assert.throws(() => redisPortOf(bad as never), (error: unknown) => error instanceof AuthOptionsError && /options\.redis/.test(error.message));
  }
});

test("a URL makes an ioredis client the kit owns (and closes)", async () => {
  const port = redisPortOf("redis://127.0.0.1:1");
  assert.equal(port.kind, "ioredis");
  await port.close();
});

test("a script whose keys span hash slots is refused before it reaches Redis (Cluster would refuse it too)", async () => {
  assert.equal(hashTagOf("cmk:revoked:{abc}:def"), "abc");
  assert.equal(hashTagOf("cmk:{}:x"), "cmk:{}:x", "an empty tag hashes the whole key");
  const redis = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on("error", () => {});
  const port = redisPortOf(redis);
  try {
    await assert.rejects(port.run(lua("return 1"), ["cmk:{a}:x", "cmk:{b}:y"], []), /span hash slots/);
    await assert.rejects(port.run(lua("return 1"), ["cmk:{a}:x", "cmk:{a}:y"], []), (error: Error) => !/span hash slots/.test(error.message), "same tag: it goes to Redis (down here)");
  } finally {
    redis.disconnect();
  }
});
