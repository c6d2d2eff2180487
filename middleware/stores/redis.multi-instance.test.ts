import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { Redis } from "ioredis";
import { DEMO, PLAIN, TOTP, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { quietLogger } from "../../shared/local-cognito/quiet-logger.js";
import { redisSkipReason, scriptCalls, startRedisServer, type RedisServer } from "../../testing/support/redis-server.js";
import { answer, CookieBox, openSmsChallenge, startAuthServer, startCognitoBench, type AuthServer, type CognitoBench } from "../../testing/security/security-harness.js";

// Two instances of the middleware (two servers, one `redis` URL) behind an imaginary load
// balancer: challenges, attempt counts, rate limits and sign-outs must hold across both.

const skip = redisSkipReason();

describe("two instances on one Redis", { skip }, () => {
  let redis: RedisServer;
  let admin: Redis;
  let bench: CognitoBench;
  let a: AuthServer;
  let b: AuthServer;

  before(async () => {
    [redis, bench] = await Promise.all([startRedisServer(), startCognitoBench()]);
    admin = new Redis(redis.url, { lazyConnect: true });
    admin.on("error", () => {}); // it sees Redis stop on purpose
    await admin.connect();
    a = await startAuthServer(bench, { redis: redis.url });
    b = await startAuthServer(bench, { redis: redis.url });
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    admin?.disconnect();
    await redis?.stop();
    await bench?.stop();
  });
  // Every test starts with empty counters (all tests sign in from 127.0.0.1).
  beforeEach(() => admin.flushall());

  test("a request that arrives while a new instance is still connecting to Redis waits for it, not a 503", async () => {
    // Sent in the same tick as the server starts: the connection cannot be ready yet.
    const fresh = await startAuthServer(bench, { redis: redis.url });
    try {
      const [signIn, session] = await Promise.all([fresh.send("/auth/sign-in", { json: PLAIN }), fresh.send("/api/me")]);
      assert.equal(signIn.status, 200, signIn.text);
      assert.equal(session.status, 401, session.text);
    } finally {
      await fresh.close();
    }
  });

  test("a challenge started on A is completed on B, and both then see the session", async () => {
    const box = new CookieBox();
    const code = await openSmsChallenge(a, bench, box);
    const done = await answer(b, box, code);
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.nextStep.signInStep, "DONE");
    assert.equal((await a.send("/auth/session", { cookie: box.header() })).status, 200);
    assert.equal((await b.send("/api/me", { cookie: box.header() })).status, 200);
    assert.equal(await admin.keys("cmk:challenge:*").then((keys) => keys.length), 0, "the answered challenge is gone from Redis");
  });

  test("wrong codes count across both instances and close the challenge for both", async () => {
    const box = new CookieBox();
    const code = await openSmsChallenge(a, bench, box);
    const cookie = box.header();
    const left: number[] = [];
    for (const server of [a, b, a, b, a]) {
      const result = await server.send("/auth/confirm-sign-in", { json: { challengeResponse: wrongCodeFor(code) }, cookie });
      assert.equal(result.json.error.code, "CODE_MISMATCH");
      left.push(result.json.error.attemptsLeft);
    }
    assert.deepEqual(left, [4, 3, 2, 1, 0]);
    for (const server of [a, b]) {
      const right = await server.send("/auth/confirm-sign-in", { json: { challengeResponse: code }, cookie });
      assert.equal(right.json.error.code, "CHALLENGE_EXPIRED");
    }
  });

  test("the same right code sent to both instances at once signs in once", async () => {
    const box = new CookieBox();
    const code = await openSmsChallenge(a, bench, box);
    const results = await Promise.all([a, b, a, b].map((server) => server.send("/auth/confirm-sign-in", { json: { challengeResponse: code }, cookie: box.header() })));
    assert.equal(results.filter((result) => result.status === 200).length, 1, results.map((result) => result.status).join(","));
  });

  test("sign-ins per IP are counted across instances", async () => {
    const wrong = { username: PLAIN.username, password: "not-the-password" };
    for (let i = 0; i < 10; i += 1) {
      assert.equal((await a.send("/auth/sign-in", { json: wrong })).status, 401);
      assert.equal((await b.send("/auth/sign-in", { json: wrong })).status, 401);
    }
    for (const server of [a, b]) {
      const refused = await server.send("/auth/sign-in", { json: PLAIN });
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers["retry-after"]) >= 1);
    }
  });

  test("codes sent per account are counted across instances", async () => {
    const sentBefore = bench.local.codes.countFor(DEMO.username);
    for (const server of [a, b, a, b, a]) await openSmsChallenge(server, bench, new CookieBox());
    const sixth = await b.send("/auth/sign-in", { json: DEMO });
    assert.equal(sixth.status, 429);
    assert.equal(sixth.json.error.code, "RATE_LIMITED");
    assert.equal(bench.local.codes.countFor(DEMO.username) - sentBefore, 5);
  });

  test("wrong codes per account are counted across instances", async () => {
    for (const [first, second] of [[a, b], [b, a]] as const) {
      const box = new CookieBox();
      const code = await openSmsChallenge(first, bench, box);
      for (let i = 0; i < 5; i += 1) assert.equal((await answer(i % 2 ? first : second, box, wrongCodeFor(code))).json.error.code, "CODE_MISMATCH");
    }
    for (const server of [a, b]) assert.equal((await server.send("/auth/sign-in", { json: DEMO })).status, 429);
  });

  test("12 concurrent wrong answers across 12 open TOTP challenges of one account, spread over both instances: at most 10 CODE_MISMATCH", async () => {
    const boxes: CookieBox[] = [];
    for (let i = 0; i < 12; i += 1) {
      const box = new CookieBox();
      const opened = box.take(await (i % 2 ? a : b).send("/auth/sign-in", { json: TOTP }));
      assert.equal(opened.json?.nextStep?.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE", opened.text);
      boxes.push(box);
    }
    const wrong = wrongCodeFor(bench.local.totpCode(TOTP.username));
    const results = await Promise.all(boxes.map((box, i) => (i % 2 ? b : a).send("/auth/confirm-sign-in", { json: { challengeResponse: wrong }, cookie: box.header() })));
    const codes = results.map((result) => result.json?.error?.code);
    assert.equal(codes.filter((code) => code === "CODE_MISMATCH").length, 10, codes.join(", "));
    assert.equal(codes.filter((code) => code === "RATE_LIMITED").length, 2, codes.join(", "));
  });

  test("a name learnt on A (the user's sub) spends the user's budget on B", async () => {
    const ctx = { logger: quietLogger };
    const pool = await bench.local.services.cognito.getUserPool(ctx, bench.local.userPoolId);
    const sub = (await pool.getUserByUsername(ctx, DEMO.username))?.Attributes?.find((attribute) => attribute.Name === "sub")?.Value;
    assert.ok(sub);
    await openSmsChallenge(a, bench, new CookieBox(), sub);
    for (const server of [b, a, b, a]) await openSmsChallenge(server, bench, new CookieBox());
    const initiates = bench.proxy.count("InitiateAuth");
    assert.equal((await b.send("/auth/sign-in", { json: { username: sub, password: DEMO.password } })).status, 429);
    assert.equal(bench.proxy.count("InitiateAuth"), initiates, "B knew the alias from A: refused before Cognito");
  });

  test("sign-out on A makes the old cookies 401 on B", async () => {
    const box = new CookieBox();
    const code = await openSmsChallenge(a, bench, box);
    await answer(a, box, code);
    const old = box.header();
    const accessOnly = old.split("; ").filter((pair) => pair.startsWith("__Host-cmk-access=")).join("; ");
    assert.equal((await b.send("/api/me", { cookie: accessOnly })).status, 200, "B knows the session (and caches the verified token)");
    assert.equal((await a.send("/auth/sign-out", { method: "POST", cookie: old })).status, 204);
    // The access token still verifies by signature until it expires: only the shared list stops it.
    assert.equal((await b.send("/api/me", { cookie: accessOnly })).status, 401);
    assert.equal((await b.send("/auth/session", { cookie: old })).status, 401);
  });

  test("20 requests at once with a token B has not checked share one Redis question, and later ones ask none", async () => {
    const box = new CookieBox();
    box.take(await a.send("/auth/sign-in", { json: PLAIN }));
    const accessOnly = box.header().split("; ").filter((pair) => pair.startsWith("__Host-cmk-access=")).join("; ");
    assert.ok(accessOnly, "signed in");
    // Past a heartbeat, B has heard the channel: its copy is live (before that, every check asks on its own).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const at = await scriptCalls(admin);
    // Redis holds every command for 300 ms, so all 20 questions are in flight at once.
    await admin.call("CLIENT", "PAUSE", "300", "ALL");
    const first = await Promise.all(Array.from({ length: 20 }, () => b.send("/api/me", { cookie: accessOnly })));
    assert.deepEqual(first.map((result) => result.status), Array(20).fill(200));
    const afterFirst = await scriptCalls(admin);
    assert.equal(afterFirst - at, 1, "one question for the 20");
    const later = await Promise.all(Array.from({ length: 20 }, () => b.send("/api/me", { cookie: accessOnly })));
    assert.deepEqual(later.map((result) => result.status), Array(20).fill(200));
    assert.equal((await scriptCalls(admin)) - afterFirst, 0, "answered by B's copy");
  });

  test("with Redis stopped, requests get a quick 503 with Retry-After, the process keeps serving, and it recovers", async () => {
    const box = new CookieBox();
    box.take(await a.send("/auth/sign-in", { json: PLAIN }));
    await redis.stop();
    try {
      for (const [server, path, options] of [
        [a, "/auth/sign-in", { json: PLAIN }],
        [b, "/auth/sign-in", { json: DEMO }],
        [b, "/auth/confirm-sign-in", { json: { challengeResponse: "123456" }, cookie: "__Host-cmk-challenge=" + "A".repeat(43) }],
        [a, "/auth/session", { cookie: box.header() }],
      ] as const) {
        const result = await server.send(path, options);
        assert.equal(result.status, 503, `${path}: ${result.status} ${result.text}`);
        assert.equal(result.json.error.code, "UPSTREAM_UNAVAILABLE");
        assert.ok(Number(result.headers["retry-after"]) >= 1);
        assert.ok(result.ms < 2500, `${path} answered in ${Math.round(result.ms)} ms`);
      }
      // Sign-out still ends the local session and revokes at Cognito, and says the shared
      // revocation list could not be written.
      const signOut = await a.send("/auth/sign-out", { method: "POST", cookie: box.header() });
      assert.equal(signOut.status, 204);
      assert.ok(signOut.setCookies.some((line) => /-access=;/.test(line)), "the session cookies are cleared");
      assert.ok(a.logger.lines.some((line) => line.event === "sign-out.revocation-list-failed" && line.level === "error"));
      // Routes that need no Redis still answer.
      assert.equal((await a.send("/auth/session")).status, 401);
      assert.equal((await b.send("/auth/sign-in")).status, 405);
    } finally {
      await redis.restart();
    }
    // ioredis reconnects on its own; sign-in works again within a few seconds.
    const deadline = Date.now() + 8000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await a.send("/auth/sign-in", { json: PLAIN })).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(status, 200, "the middleware recovers once Redis is back");
  });
});
