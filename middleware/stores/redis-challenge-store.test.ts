import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, beforeEach, describe, mock, test } from "node:test";
import { Redis } from "ioredis";
import { redisSkipReason, startRedisServer, type RedisServer } from "../../testing/support/redis-server.js";
import { AuthError } from "../../shared/errors/auth-error.js";
import type { OpenChallenge } from "../../shared/flow/open-challenge.js";
import type { ChallengeRecord } from "./challenge-store.js";
import { RedisChallengeStore } from "./redis-challenge-store.js";

// The Redis challenge store's Lua scripts against a real redis-server: the atomic claim, the
// attempt count and the lease are what keep concurrent answers from both succeeding.

const challenge: OpenChallenge = {
  challengeName: "SELECT_MFA_TYPE",
  session: "cognito-session",
  cognitoUsername: "user",
  signInName: "user@example.com",
  nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SELECTION", allowedMFATypes: [], missingAttributes: ["email"], expiresAt: "2026-11-25T10:03:00.000Z" },
  expiresAt: Date.now() + 180_000,
};
const record = (attemptsLeft = 5): ChallengeRecord => ({ challenge, attemptsLeft });
const newId = () => randomBytes(32).toString("base64url");

describe("RedisChallengeStore", { skip: redisSkipReason() }, () => {
  let server: RedisServer;
  let redis: Redis;
  let store: RedisChallengeStore;

  before(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
    redis.on("error", () => {});
    store = new RedisChallengeStore(redis);
  });
  after(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  beforeEach(() => redis.flushall());

  test("a stored challenge comes back intact, empty arrays included", async () => {
    const id = newId();
    await store.put(id, record(), Date.now() + 60_000);
    const claim = await store.claim(id, 1000);
    assert.equal(claim.status, "claimed");
    assert.deepEqual(claim.status === "claimed" && claim.record, record(4), "the claim took one attempt");
  });

  test("an unknown id is missing", async () => {
    assert.deepEqual(await store.claim(newId(), 1000), { status: "missing" });
  });

  test("a claimed challenge is busy until its lease runs out (on Redis's clock) or it is settled", async () => {
    const id = newId();
    await store.put(id, record(), Date.now() + 60_000);
    const first = await store.claim(id, 300);
    assert.equal(first.status, "claimed");
    assert.equal((await store.claim(id, 300)).status, "busy");
    await sleep(350); // a crashed instance's lease expires
    const second = await store.claim(id, 1000);
    assert.equal(second.status, "claimed");
    await store.release(id, second.status === "claimed" ? second.token : "");
    assert.equal((await store.claim(id, 1000)).status, "claimed", "release frees the claim");
  });

  test("the lease is timed by Redis, not by an instance whose clock runs ahead or behind", async () => {
    const id = newId();
    await store.put(id, record(), Date.now() + 60_000);
    assert.equal((await store.claim(id, 5000)).status, "claimed");
    for (const skew of [3_600_000, -3_600_000]) {
      mock.timers.enable({ apis: ["Date"], now: Date.now() + skew });
      try {
        assert.equal((await store.claim(id, 5000)).status, "busy", `an instance ${skew} ms off cannot take a live claim`);
      } finally {
        mock.timers.reset();
      }
    }
    const leaseUntil = Number(await redis.hget(`cmk:challenge:{${id}}`, "leaseUntil"));
    const [seconds, micros] = (await redis.time()) as unknown as [string, string];
    const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    assert.ok(leaseUntil > redisNow && leaseUntil <= redisNow + 5000, "the lease ends leaseMs after Redis's own now");
  });

  test("a stale holder (its lease ran out and another answer claimed) cannot release or settle the new claim", async () => {
    const id = newId();
    await store.put(id, record(5), Date.now() + 60_000);
    const stale = await store.claim(id, 200);
    assert.equal(stale.status, "claimed");
    await sleep(250);
    const current = await store.claim(id, 60_000);
    assert.equal(current.status, "claimed");
    const staleToken = stale.status === "claimed" ? stale.token : "";
    await store.release(id, staleToken);
    assert.equal((await store.claim(id, 1000)).status, "busy", "the stale release freed nothing");
    assert.equal(await store.recordWrongAnswer(id, staleToken), 3, "a stale wrong answer reports the count and frees nothing");
    assert.equal((await store.claim(id, 1000)).status, "busy");
    assert.equal(Number(await redis.hget(`cmk:challenge:{${id}}`, "attemptsLeft")), 3, "the stale release gave back no attempt");
    await store.release(id, current.status === "claimed" ? current.token : "");
    const after = await store.claim(id, 1000);
    assert.equal(after.status === "claimed" && after.record.attemptsLeft, 3, "the owner's release gives its attempt back");
  });

  test("of many simultaneous claims exactly one wins", async () => {
    const id = newId();
    await store.put(id, record(), Date.now() + 60_000);
    const results = await Promise.all(Array.from({ length: 25 }, () => store.claim(id, 5000)));
    assert.equal(results.filter((result) => result.status === "claimed").length, 1);
    assert.equal(results.filter((result) => result.status === "busy").length, 24);
  });

  test("wrong answers count down, free the lease, and close the challenge at zero", async () => {
    const id = newId();
    await store.put(id, record(3), Date.now() + 60_000);
    const left: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const claim = await store.claim(id, 5000);
      assert.equal(claim.status, "claimed");
      left.push(await store.recordWrongAnswer(id, claim.status === "claimed" ? claim.token : ""));
    }
    assert.deepEqual(left, [2, 1, 0]);
    assert.deepEqual(await store.claim(id, 5000), { status: "missing" });
    assert.equal(await redis.exists(`cmk:challenge:{${id}}`), 0);
    assert.equal(await store.recordWrongAnswer(id, "any"), 0, "a settled-away challenge stays at zero");
  });

  test("the attempt is taken at claim, before Cognito is asked, and release gives it back", async () => {
    const id = newId();
    await store.put(id, record(2), Date.now() + 60_000);
    const claim = await store.claim(id, 5000);
    assert.equal(Number(await redis.hget(`cmk:challenge:{${id}}`, "attemptsLeft")), 1, "taken while the answer is in flight");
    await store.release(id, claim.status === "claimed" ? claim.token : "");
    const again = await store.claim(id, 5000);
    assert.equal(again.status === "claimed" && again.record.attemptsLeft, 1, "2 left, minus this claim's own");
  });

  test("a record with no attempts left is missing and removed", async () => {
    const id = newId();
    await store.put(id, record(0), Date.now() + 60_000);
    assert.deepEqual(await store.claim(id, 1000), { status: "missing" });
    assert.equal(await redis.exists(`cmk:challenge:{${id}}`), 0);
  });

  test("challenges expire in Redis at expiresAt, and delete closes one at once", async () => {
    const [short, other] = [newId(), newId()];
    await store.put(short, record(), Date.now() + 150);
    await store.put(other, record(), Date.now() + 60_000);
    assert.ok((await redis.pttl(`cmk:challenge:{${other}}`)) > 50_000);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.deepEqual(await store.claim(short, 1000), { status: "missing" });
    await store.delete(other);
    assert.deepEqual(await store.claim(other, 1000), { status: "missing" });
  });

  test("putting again under an id replaces the old record and its lease", async () => {
    const id = newId();
    await store.put(id, record(1), Date.now() + 60_000);
    await store.claim(id, 60_000);
    await store.put(id, record(4), Date.now() + 60_000);
    const claim = await store.claim(id, 1000);
    assert.equal(claim.status === "claimed" && claim.record.attemptsLeft, 3, "4, minus this claim's own");
  });

  test("an unreachable Redis is UPSTREAM_UNAVAILABLE, quickly", async () => {
    const down = new Redis({ port: 1, host: "127.0.0.1", lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on("error", () => {});
    const dead = new RedisChallengeStore(down);
    const started = Date.now();
    await assert.rejects(dead.claim(newId(), 1000), (error: unknown) => error instanceof AuthError && error.code === "UPSTREAM_UNAVAILABLE");
    assert.ok(Date.now() - started < 1000);
    down.disconnect();
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
