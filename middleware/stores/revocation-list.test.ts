import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { Redis } from "ioredis";
import { redisSkipReason, startRedisServer, type RedisServer } from "../../testing/support/redis-server.js";
import { ManualClock } from "../../shared/runtime/clock.js";
import { RedisRevocationList } from "./redis-revocation-list.js";
import { MemoryRevocationList, signedInBefore, USER_SIGN_OUT_TTL_MS, type RevocationList } from "./revocation-list.js";

// The revocation list in memory and in a real redis-server: fixed-size keys, entries that
// expire, and the per-user "signed out before" time at whole-second granularity.

const SUB = "11111111-2222-3333-4444-555555555555";

describe("signedInBefore: JWT times are whole seconds", () => {
  test("a token from the cut-off's own second counts as before; the next second is after", () => {
    const cutOff = Date.parse("2026-11-25T10:00:05.400Z");
    assert.equal(signedInBefore(cutOff / 1000 - 1.4, cutOff), true);
    assert.equal(signedInBefore(Math.floor(cutOff / 1000), cutOff), true, "10:00:05 may be before 10:00:05.400");
    assert.equal(signedInBefore(Math.floor(cutOff / 1000) + 1, cutOff), false);
  });
});

function sharedCases(make: () => { list: RevocationList; clock: ManualClock }) {
  test("a revoked session is refused until its expiry; other sessions of the user are not", async () => {
    const { list, clock } = make();
    const authTimeSeconds = Math.floor(clock.now() / 1000);
    await list.revokeSession({ sessionId: "s1", sub: SUB }, clock.now() + 60_000);
    assert.equal(await list.isRevoked({ sessionId: "s1", sub: SUB, authTimeSeconds }), true);
    assert.equal(await list.isRevoked({ sessionId: "s2", sub: SUB, authTimeSeconds }), false);
  });

  test("a user signed out everywhere: sessions signed in up to the cut-off are refused, later ones are not", async () => {
    const { list, clock } = make();
    const cutOff = clock.now();
    await list.revokeUser(SUB, cutOff);
    const second = Math.floor(cutOff / 1000);
    assert.equal(await list.isRevoked({ sessionId: "old", sub: SUB, authTimeSeconds: second - 30 }), true);
    assert.equal(await list.isRevoked({ sessionId: "same-second", sub: SUB, authTimeSeconds: second }), true);
    assert.equal(await list.isRevoked({ sessionId: "new", sub: SUB, authTimeSeconds: second + 1 }), false);
    assert.equal(await list.isRevoked({ sessionId: "other-user", sub: "someone-else", authTimeSeconds: second - 30 }), false);
  });

  test("a check once found not signed out is refused after its session, or its user, is signed out", async () => {
    // The guard asks with the same check object for every request with one token, and lists
    // keep their last "not signed out" on it: a later sign-out must still win.
    const { list, clock } = make();
    const authTimeSeconds = Math.floor(clock.now() / 1000) - 10;
    const session = { sessionId: "kept", sub: SUB, authTimeSeconds };
    const sibling = { sessionId: "sibling", sub: SUB, authTimeSeconds };
    for (let i = 0; i < 3; i++) assert.equal(await list.isRevoked(session), false);
    assert.equal(await list.isRevoked(sibling), false);
    await list.revokeSession({ sessionId: "kept", sub: SUB }, clock.now() + 60_000);
    assert.equal(await list.isRevoked(session), true);
    assert.equal(await list.isRevoked(sibling), false, "another session of the user is still signed in");
    await list.revokeUser(SUB, clock.now());
    assert.equal(await list.isRevoked(sibling), true);
  });

  test("an earlier cut-off never moves a later one back", async () => {
    const { list, clock } = make();
    await list.revokeUser(SUB, clock.now());
    await list.revokeUser(SUB, clock.now() - 60_000);
    assert.equal(await list.isRevoked({ sessionId: "x", sub: SUB, authTimeSeconds: Math.floor(clock.now() / 1000) - 1 }), true);
  });
}

describe("MemoryRevocationList", () => {
  sharedCases(() => {
    const clock = new ManualClock();
    return { list: new MemoryRevocationList(clock), clock };
  });

  test("a kept answer belongs to its check: a copy naming a signed-out session is refused", async () => {
    const clock = new ManualClock();
    const list = new MemoryRevocationList(clock);
    await list.revokeSession({ sessionId: "out", sub: SUB }, clock.now() + 60_000);
    const kept = { sessionId: "in", sub: SUB, authTimeSeconds: 0 };
    assert.equal(list.checkNow(kept), false);
    assert.equal(list.checkNow({ ...kept, sessionId: "out" }), true);
    assert.equal(list.checkNow(Object.freeze({ ...kept })), false, "a frozen check is answered, not kept");
  });

  test("a later sign-out of a session never shortens an earlier one's end", async () => {
    const clock = new ManualClock();
    const list = new MemoryRevocationList(clock);
    await list.revokeSession({ sessionId: "s", sub: SUB }, clock.now() + 3_600_000);
    await list.revokeSession({ sessionId: "s", sub: SUB }, clock.now() + 60_000);
    clock.advance(120_000);
    assert.equal(await list.isRevoked({ sessionId: "s", sub: SUB, authTimeSeconds: 0 }), true);
  });

  test("keys are fixed-size hashes and entries expire", async () => {
    const clock = new ManualClock();
    const list = new MemoryRevocationList(clock);
    await list.revokeSession({ sessionId: "x".repeat(10_000), sub: SUB }, clock.now() + 1000);
    assert.equal(list.entries()[0]!.key.length, 43);
    clock.advance(1001);
    assert.equal(await list.isRevoked({ sessionId: "x".repeat(10_000), sub: SUB, authTimeSeconds: 0 }), false);
    await list.revokeUser(SUB, clock.now());
    clock.advance(USER_SIGN_OUT_TTL_MS + 1);
    assert.equal(await list.isRevoked({ sessionId: "y", sub: SUB, authTimeSeconds: 0 }), false, "the cut-off is dropped once no token could predate it");
  });

  test("never holds more than its cap: the oldest entries go first", async () => {
    const clock = new ManualClock();
    const list = new MemoryRevocationList(clock, 100);
    for (let i = 0; i < 1000; i++) await list.revokeSession({ sessionId: `s${i}`, sub: SUB }, clock.now() + 3_600_000);
    assert.equal(list.size, 100);
    assert.equal(await list.isRevoked({ sessionId: "s999", sub: SUB, authTimeSeconds: 0 }), true);
    assert.equal(await list.isRevoked({ sessionId: "s0", sub: SUB, authTimeSeconds: 0 }), false);
  });
});

describe("RedisRevocationList", { skip: redisSkipReason() }, () => {
  let server: RedisServer;
  let redis: Redis;
  before(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
  });
  after(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  beforeEach(() => redis.flushall());

  // Redis keeps its own time for expiry; the cut-offs are compared with real time here.
  sharedCases(() => ({ list: new RedisRevocationList(redis, { cache: false }), clock: new ManualClock(Date.now()) }));

  test("keys are fixed-size, share the user's hash tag (one Cluster slot), and expire", async () => {
    const list = new RedisRevocationList(redis, { cache: false });
    await list.revokeSession({ sessionId: "x".repeat(10_000), sub: SUB }, Date.now() + 60_000);
    await list.revokeUser(SUB, Date.now());
    const keys = (await redis.keys("*")).sort();
    assert.equal(keys.length, 2);
    const tags = keys.map((key) => /\{([^}]+)\}/.exec(key)?.[1]);
    assert.equal(tags[0], tags[1]);
    for (const key of keys) {
      assert.ok(key.length < 120, key);
      const ttl = await redis.pttl(key);
      assert.ok(ttl > 0 && ttl <= USER_SIGN_OUT_TTL_MS, `${key} expires (${ttl} ms)`);
    }
  });
});
