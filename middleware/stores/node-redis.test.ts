import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import { RateLimits } from "../limits/rate-limits.js";
import { redisSkipReason, startRedisServer, type RedisServer } from "../../testing/support/redis-server.js";
import type { OpenChallenge } from "../../shared/flow/open-challenge.js";
import { RedisChallengeStore } from "./redis-challenge-store.js";
import { redisPortOf } from "./redis-connection.js";
import type { NodeRedisClient } from "./redis-port.js";
import { RedisRevocationList } from "./redis-revocation-list.js";

// node-redis (package `redis`, v4/v5) behind the same port as ioredis, against a real
// redis-server: the challenge store's scripts, rate-limiter-flexible's node-redis mode, and the
// revocation cache's pub/sub. node-redis is an optional peer the kit never loads itself.

const nodeRedis = (() => {
  try {
    return createRequire(import.meta.url)("redis") as { createClient(options: { url: string }): NodeRedisClient };
  } catch {
    return undefined;
  }
})();
const skip = redisSkipReason() ?? (nodeRedis ? undefined : "node-redis (package `redis`) is not installed here: npm install --save-dev redis to run these");
if (skip) console.log(`node-redis.test.ts skipped: ${skip}`);

const challenge: OpenChallenge = {
  challengeName: "SMS_MFA",
  session: "cognito-session",
  cognitoUsername: "user",
  signInName: "user@example.com",
  nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_SMS_CODE", expiresAt: "2026-11-25T10:03:00.000Z" },
  expiresAt: Date.now() + 180_000,
};

describe("a node-redis client as the redis option", { skip }, () => {
  let server: RedisServer;
  let client: NodeRedisClient;
  const lists: RedisRevocationList[] = [];

  before(async () => {
    server = await startRedisServer();
    client = nodeRedis!.createClient({ url: server.url });
    client.on("error", () => {});
    await client.connect();
  });
  after(async () => {
    await Promise.all(lists.map((list) => list.close()));
    await client?.disconnect?.();
    await server?.stop();
  });

  test("is recognised as node-redis and handed to rate-limiter-flexible in its node-redis mode", () => {
    const port = redisPortOf(client);
    assert.equal(port.kind, "node-redis");
    assert.equal(port.limiterOptions.useRedisPackage, true);
  });

  test("the challenge store's scripts: one claim at a time, attempts counted", async () => {
    const store = new RedisChallengeStore(client);
    const id = randomBytes(32).toString("base64url");
    await store.put(id, { challenge, attemptsLeft: 2 }, Date.now() + 60_000);
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claim(id, 5000)));
    assert.equal(claims.filter((claim) => claim.status === "claimed").length, 1);
    const claim = claims.find((result) => result.status === "claimed");
    assert.equal(await store.recordWrongAnswer(id, claim?.status === "claimed" ? claim.token : ""), 1);
  });

  test("limits through rate-limiter-flexible: the sixth code for an account is refused", async () => {
    const limits = new RateLimits({ wrongCodesPerAccount: { points: 5, durationSeconds: 60 }, codesSentPerAccount: { points: 5, durationSeconds: 60 }, signInsPerIp: { points: 5, durationSeconds: 60 } }, redisPortOf(client));
    const account = limits.accountOfUser(`user-${randomBytes(4).toString("hex")}`);
    for (let i = 0; i < 5; i += 1) await limits.takeCode(account);
    await assert.rejects(limits.takeCode(account), (error: { code?: string }) => error.code === "RATE_LIMITED");
  });

  test("a sign-out on A reaches B's local copy over pub/sub", async () => {
    const [a, b] = [new RedisRevocationList(client, { cache: { heartbeatMs: 100 } }), new RedisRevocationList(client, { cache: { heartbeatMs: 100 } })];
    lists.push(a, b);
    const session = { sessionId: "s-1", sub: "sub-1", authTimeSeconds: Math.floor(Date.now() / 1000) - 60 };
    const deadline = Date.now() + 2000;
    while (!b.cache.live && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(b.cache.live, true, "B hears its heartbeats through node-redis' subscriber");
    assert.equal(await b.isRevoked(session), false);
    await a.revokeSession(session, Date.now() + 60_000);
    const refusedBy = Date.now() + 200;
    while (!(await b.isRevoked(session)) && Date.now() < refusedBy) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.equal(await b.isRevoked(session), true);
  });
});
