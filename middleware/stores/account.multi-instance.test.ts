import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { Redis } from "ioredis";
import { redisSkipReason, startRedisServer, type RedisServer } from "../../testing/support/redis-server.js";
import { CookieBox, startAuthServer, startCognitoBench, type AuthServer, type CognitoBench } from "../../testing/security/security-harness.js";

// The account routes on two instances sharing one Redis: the kept sign-up session (sign-in
// after confirm-sign-up), and the account routes' per-account and per-IP budgets, hold across both.

const skip = redisSkipReason();
const PASSWORD = "Fresh-Passw0rd!";
const freshName = () => `multi-${randomUUID().slice(0, 8)}@example.com`;

describe("account routes on two instances and one Redis", { skip }, () => {
  let redis: RedisServer;
  let admin: Redis;
  let bench: CognitoBench;
  let a: AuthServer;
  let b: AuthServer;

  before(async () => {
    [redis, bench] = await Promise.all([startRedisServer(), startCognitoBench()]);
    admin = new Redis(redis.url);
    const limits = { wrongCodesPerAccount: { points: 3, durationSeconds: 900 }, codesSentPerIp: { points: 4, durationSeconds: 3600 } };
    a = await startAuthServer(bench, { redis: redis.url, limits });
    b = await startAuthServer(bench, { redis: redis.url, limits });
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    admin?.disconnect();
    await redis?.stop();
    await bench?.stop();
  });
  beforeEach(() => admin.flushall());

  test("signed up on one instance, confirmed on the other: signed in, and the kept session is gone from Redis", async () => {
    const box = new CookieBox();
    const username = freshName();
    box.take(await a.send("/auth/sign-up", { json: { username, password: PASSWORD, userAttributes: { email: username } } }));
    const id = box.get("__Host-cmk-signup");
    assert.ok(id);
    const stored = await admin.get(`cmk:sign-up:{${id}}`);
    assert.ok(stored && !stored.includes(PASSWORD), "the session is kept, the password is not");
    const done = box.take(await b.send("/auth/confirm-sign-up", { json: { username, confirmationCode: await bench.local.codes.nextCode(username) }, cookie: box.header() }));
    assert.equal(done.json.nextStep.signUpStep, "DONE");
    assert.equal((await a.send("/auth/session", { cookie: box.header() })).json.user.username, username);
    assert.equal(await admin.exists(`cmk:sign-up:{${id}}`), 0, "used once");
  });

  test("wrong codes for one name sent to both instances at once stop at the account's limit", async () => {
    const username = freshName();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).send("/auth/confirm-sign-up", { json: { username, confirmationCode: "123456" } })),
    );
    assert.equal(answers.filter((answer) => answer.json?.error?.code === "CODE_MISMATCH").length, 3);
    assert.equal(answers.filter((answer) => answer.json?.error?.code === "RATE_LIMITED").length, 5);
  });

  test("codes sent from one IP across both instances stop at the IP's limit", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).send("/auth/reset-password", { json: { username: freshName() } })));
    assert.equal(answers.filter((answer) => answer.status === 200).length, 4);
  });
});
