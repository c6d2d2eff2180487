import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import { DEMO, PLAIN } from "../../testing/support/cognito-fixture.js";
import { redisSkipReason, startRedisServer, type RedisServer } from "../../testing/support/redis-server.js";
import { answer, CookieBox, openSmsChallenge, startAuthServer, startCognitoBench, withAuthServer, type AuthServer, type CognitoBench } from "../../testing/security/security-harness.js";
import { MemoryChallengeStore } from "../stores/memory-challenge-store.js";

// Check 37 (the resend stash) and check 38 (the device cookie), over real HTTP against the local
// Cognito behind the counting proxy; the Redis cases on a real redis-server, two instances.

const SECRETS = ["one-secret-every-instance-shares-32+chars"];
const DEVICE = "__Host-cmk-device";
const CHALLENGE = "__Host-cmk-challenge";
/** Many sign-ins of one user from one address: the limits are not what these tests are about. */
const ROOMY = { limits: { codesSentPerAccount: { points: 1000, durationSeconds: 3600 }, signInsPerIp: { points: 1000, durationSeconds: 60 } } };

let bench: CognitoBench;
before(async () => {
  bench = await startCognitoBench();
});
after(async () => {
  await bench.stop();
});

/** The password as typed and in every encoding a careless store might keep it in. */
function readableForms(password: string): string[] {
  const bytes = Buffer.from(password, "utf8");
  return [password, bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex"), Buffer.from(password, "utf16le").toString("base64"), Buffer.from(password, "utf16le").toString("hex")];
}

function assertNoPassword(dump: string, password: string): void {
  for (const form of readableForms(password)) assert.equal(dump.includes(form), false, `the store holds the password (${form.slice(0, 6)}…)`);
}

/** Everything in Redis, every key of every type, as one string. */
async function dumpRedis(redis: Redis): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const key of await redis.keys("*")) {
    const type = await redis.type(key);
    out[key] = type === "hash" ? await redis.hgetall(key) : type === "string" ? await redis.get(key) : type === "zset" ? await redis.zrange(key, "0", "-1", "WITHSCORES") : type;
  }
  return JSON.stringify(out);
}

describe("check 37: the resend stash", () => {
  test("a memory store dump holds no password in any readable form; the stash opens only with the cookie's key", async () => {
    const store = new MemoryChallengeStore();
    await withAuthServer(bench, { challengeStore: store, ...ROOMY }, async (server) => {
      const box = new CookieBox();
      await openSmsChallenge(server, bench, box);
      const cookie = box.get(CHALLENGE)!;
      const [id, key] = cookie.split(".") as [string, string];
      const dump = JSON.stringify([...(store as unknown as { entries: Map<string, unknown> }).entries]);
      assert.ok(dump.includes(id), "the record is there");
      assert.match(dump, /"resend":"v1\./, "and its stash, sealed");
      assertNoPassword(dump, DEMO.password);
      assert.equal(dump.includes(key), false, "the key is only in the browser's cookie");
      // The id alone (a stolen store plus a guessed key) resends nothing and sends no code.
      const sent = bench.local.codes.countFor(DEMO.username);
      const initiates = bench.proxy.count("InitiateAuth");
      const keyless = await server.send("/auth/resend-code", { method: "POST", json: {}, cookie: `${CHALLENGE}=${id}` });
      assert.equal(keyless.json.error.code, "CHALLENGE_EXPIRED");
      const wrongKey = await server.send("/auth/resend-code", { method: "POST", json: {}, cookie: `${CHALLENGE}=${id}.${"A".repeat(43)}` });
      assert.equal(wrongKey.json.error.code, "CHALLENGE_EXPIRED");
      assert.equal(bench.proxy.count("InitiateAuth"), initiates, "Cognito is not asked");
      assert.equal(bench.local.codes.countFor(DEMO.username), sent);
      // With the key, the resend works.
      const resent = box.take(await server.send("/auth/resend-code", { method: "POST", json: {}, cookie: box.header() }));
      assert.equal(resent.status, 200, resent.text);
      const code = await bench.local.codes.nextCode(DEMO.username);
      assert.equal((await answer(server, box, code)).json.nextStep.signInStep, "DONE");
      assert.equal(await store.size(), 0, "gone at DONE");
    });
    await store.close();
  });

  test("the stash is gone at expiry and at a new sign-in", async () => {
    let now = Date.now();
    const store = new MemoryChallengeStore({ now: () => now }, 60_000);
    await withAuthServer(bench, { challengeStore: store, ...ROOMY }, async (server) => {
      const box = new CookieBox();
      await openSmsChallenge(server, bench, box);
      const first = box.get(CHALLENGE)!;
      // A new sign-in in the same browser.
      box.take(await server.send("/auth/sign-in", { json: DEMO, cookie: box.header() }));
      await bench.local.codes.nextCode(DEMO.username);
      assert.notEqual(box.get(CHALLENGE), first);
      assert.equal(await store.size(), 1, "the first challenge and its stash are gone");
      const old = await server.send("/auth/resend-code", { method: "POST", json: {}, cookie: `${CHALLENGE}=${first}` });
      assert.equal(old.json.error.code, "CHALLENGE_EXPIRED");
      now += 181_000;
      store.sweep();
      assert.equal(await store.size(), 0, "expired, swept");
      const late = await server.send("/auth/resend-code", { method: "POST", json: {}, cookie: box.header() });
      assert.equal(late.json.error.code, "CHALLENGE_EXPIRED");
    });
    await store.close();
  });

  test("a resend is a code from the account's budget, taken before Cognito: RATE_LIMITED past it, no InitiateAuth, no SMS", () =>
    withAuthServer(bench, { limits: { codesSentPerAccount: { points: 2, durationSeconds: 3600 } } }, async (server) => {
      const box = new CookieBox();
      await openSmsChallenge(server, bench, box);
      assert.equal(box.take(await server.send("/auth/resend-code", { method: "POST", json: {}, cookie: box.header() })).status, 200);
      await bench.local.codes.nextCode(DEMO.username);
      const initiates = bench.proxy.count("InitiateAuth");
      const sent = bench.local.codes.countFor(DEMO.username);
      const refused = await server.send("/auth/resend-code", { method: "POST", json: {}, cookie: box.header() });
      assert.equal(refused.status, 429);
      assert.equal(refused.json.error.code, "RATE_LIMITED");
      assert.equal(bench.proxy.count("InitiateAuth"), initiates);
      assert.equal(bench.local.codes.countFor(DEMO.username), sent);
    }));

  test("concurrent resends of one challenge: one goes to Cognito, the others wait their turn (RATE_LIMITED or CHALLENGE_EXPIRED)", () =>
    withAuthServer(bench, ROOMY, async (server) => {
      const box = new CookieBox();
      await openSmsChallenge(server, bench, box);
      const sent = bench.local.codes.countFor(DEMO.username);
      const results = await Promise.all(Array.from({ length: 4 }, () => server.send("/auth/resend-code", { method: "POST", json: {}, cookie: box.header() })));
      assert.equal(results.filter((result) => result.status === 200).length, 1, results.map((result) => result.status).join(","));
      await bench.local.codes.nextCode(DEMO.username);
      assert.equal(bench.local.codes.countFor(DEMO.username), sent + 1, "one new code");
    }));
});

describe("check 38: the device cookie", () => {
  let server: AuthServer;
  before(async () => {
    server = await startAuthServer(bench, { secrets: SECRETS, ...ROOMY });
  });
  after(async () => {
    await server.close();
  });

  async function rememberedBrowser(): Promise<CookieBox> {
    const box = new CookieBox();
    const code = await openSmsChallenge(server, bench, box);
    const done = await answer(server, box, code);
    assert.deepEqual(done.json.device, { status: "new" });
    assert.equal((await server.send("/auth/remember-device", { method: "POST", json: {}, cookie: box.header() })).status, 204);
    box.take(await server.send("/auth/sign-out", { method: "POST", json: {}, cookie: box.header() }));
    assert.deepEqual(box.names(), [DEVICE], "only the device cookie is left");
    return box;
  }

  test("encrypted: the cookie shows neither the device key, its group, its secret nor the user", async () => {
    const box = await rememberedBrowser();
    const sealed = box.get(DEVICE)!;
    const devices = await signedInDevices(box);
    const raw = Buffer.from(sealed.slice(3), "base64url").toString("latin1");
    for (const visible of [devices[0]!.id, DEMO.username, "deviceKey", "devicePassword"]) {
      assert.equal(sealed.includes(visible) || raw.includes(visible), false, `${visible} is readable`);
    }
  });

  test("a tampered cookie (any one character) is ignored: no error, MFA is asked, no DEVICE_KEY reaches Cognito", async () => {
    const box = await rememberedBrowser();
    const sealed = box.get(DEVICE)!;
    for (const at of [3, Math.floor(sealed.length / 2), sealed.length - 2]) {
      const tampered = sealed.slice(0, at) + (sealed[at] === "A" ? "B" : "A") + sealed.slice(at + 1);
      const from = bench.proxy.calls.length;
      const result = await server.send("/auth/sign-in", { json: DEMO, cookie: `${DEVICE}=${tampered}` });
      assert.equal(result.status, 200, result.text);
      assert.equal(result.json.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.ok(bench.proxy.calls.slice(from).every((call) => !call.body.AuthParameters?.DEVICE_KEY), "the tampered device is not presented");
      await bench.local.codes.nextCode(DEMO.username);
    }
    for (const junk of ["", "v1.", "v1.AAAA", "x".repeat(5000), "v2.abc"]) {
      const result = await server.send("/auth/sign-in", { json: DEMO, cookie: `${DEVICE}=${junk}` });
      assert.equal(result.json.nextStep?.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE", `junk ${junk.slice(0, 8)}: ${result.text}`);
      await bench.local.codes.nextCode(DEMO.username);
    }
  });

  test("the cookie alone signs nobody in: no session, no refresh, no device routes, and the password is still judged", async () => {
    const box = await rememberedBrowser();
    for (const [path, method] of [["/auth/session", "GET"], ["/auth/devices", "GET"], ["/auth/refresh", "POST"], ["/auth/remember-device", "POST"], ["/auth/forget-device", "POST"]] as const) {
      const result = await server.send(path, { method, cookie: box.header(), ...(method === "POST" ? { json: {} } : {}) });
      assert.equal(result.json.error.code, "NOT_SIGNED_IN", `${path}: ${result.text}`);
    }
    assert.equal((await server.send("/api/me", { cookie: box.header() })).status, 401);
    const wrong = await server.send("/auth/sign-in", { json: { ...DEMO, password: "Wrong-Passw0rd!" }, cookie: box.header() });
    assert.equal(wrong.json.error.code, "NOT_AUTHORIZED");
    // Under another user's name the device is not even presented.
    const from = bench.proxy.calls.length;
    const other = await server.send("/auth/sign-in", { json: PLAIN, cookie: box.header() });
    assert.equal(other.json.nextStep.signInStep, "DONE");
    assert.ok(bench.proxy.calls.slice(from).every((call) => !call.body.AuthParameters?.DEVICE_KEY));
  });

  test("forgetting the device makes the next sign-in ask for MFA again, even with the old cookie kept", async () => {
    const box = await rememberedBrowser();
    const kept = box.get(DEVICE)!;
    const signedIn = box.take(await server.send("/auth/sign-in", { json: DEMO, cookie: box.header() }));
    assert.equal(signedIn.json.nextStep.signInStep, "DONE", "remembered: the password alone");
    const forgot = box.take(await server.send("/auth/forget-device", { method: "POST", json: {}, cookie: box.header() }));
    assert.equal(forgot.status, 204);
    assert.equal(box.get(DEVICE), undefined, "the cookie is cleared");
    const again = await server.send("/auth/sign-in", { json: DEMO, cookie: `${DEVICE}=${kept}` });
    assert.equal(again.json.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    // Answering the code makes this browser a new device again, with a new cookie.
    const replaced = new CookieBox();
    replaced.take(again);
    const done = await answer(server, replaced, await bench.local.codes.nextCode(DEMO.username));
    assert.deepEqual(done.json.device, { status: "new" });
    assert.ok(replaced.get(DEVICE) && replaced.get(DEVICE) !== kept);
  });

  async function signedInDevices(box: CookieBox): Promise<Array<{ id: string; current: boolean }>> {
    const session = new CookieBox();
    session.take(await server.send("/auth/sign-in", { json: DEMO, cookie: box.header() }));
    const list = await server.send("/auth/devices", { cookie: `${session.header()}; ${DEVICE}=${box.get(DEVICE)}` });
    return list.json.devices.filter((device: { current: boolean }) => device.current);
  }
});

describe("two instances on one Redis: the stash and the device", { skip: redisSkipReason() }, () => {
  let redis: RedisServer;
  let admin: Redis;
  let a: AuthServer;
  let b: AuthServer;
  before(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
    a = await startAuthServer(bench, { redis: redis.url, secrets: SECRETS, ...ROOMY });
    b = await startAuthServer(bench, { redis: redis.url, secrets: SECRETS, ...ROOMY });
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    admin?.disconnect();
    await redis?.stop();
  });

  test("a Redis dump holds no password; a resend on B of a sign-in started on A works; the stash expires with the challenge", async () => {
    await admin.flushall();
    const box = new CookieBox();
    await openSmsChallenge(a, bench, box);
    const dump = await dumpRedis(admin);
    assert.match(dump, /"resend":"v1\./);
    assertNoPassword(dump, DEMO.password);
    assert.equal(dump.includes(box.get(CHALLENGE)!.split(".")[1]!), false, "no key in Redis");
    const [key] = await admin.keys("cmk:challenge:*");
    const ttl = await admin.pttl(key!);
    assert.ok(ttl > 0 && ttl <= 180_000, `expires with the challenge (${ttl} ms)`);
    const resent = box.take(await b.send("/auth/resend-code", { method: "POST", json: {}, cookie: box.header() }));
    assert.equal(resent.status, 200, resent.text);
    assertNoPassword(await dumpRedis(admin), DEMO.password);
    const code = await bench.local.codes.nextCode(DEMO.username);
    assert.equal((await answer(a, box, code)).json.nextStep.signInStep, "DONE");
    assert.equal((await admin.keys("cmk:challenge:*")).length, 0, "gone at DONE");
  });

  test("a device remembered through A skips MFA on B, refreshes on B with its key, and once forgotten on B asks MFA on A", async () => {
    await admin.flushall();
    const box = new CookieBox();
    const code = await openSmsChallenge(a, bench, box);
    assert.deepEqual((await answer(a, box, code)).json.device, { status: "new" });
    assert.equal((await a.send("/auth/remember-device", { method: "POST", json: {}, cookie: box.header() })).status, 204);
    box.take(await a.send("/auth/sign-out", { method: "POST", json: {}, cookie: box.header() }));
    const onB = box.take(await b.send("/auth/sign-in", { json: DEMO, cookie: box.header() }));
    assert.equal(onB.json.nextStep.signInStep, "DONE", onB.text);
    assert.deepEqual(onB.json.device, { status: "remembered" });
    const from = bench.proxy.calls.length;
    assert.equal((await b.send("/auth/refresh", { method: "POST", json: {}, cookie: box.header() })).status, 200);
    assert.ok(bench.proxy.calls.slice(from).some((call) => call.body.AuthFlow === "REFRESH_TOKEN_AUTH" && call.body.AuthParameters.DEVICE_KEY));
    box.take(await b.send("/auth/forget-device", { method: "POST", json: {}, cookie: box.header() }));
    assert.equal(box.get(DEVICE), undefined);
    const onA = await a.send("/auth/sign-in", { json: DEMO, cookie: box.header() });
    assert.equal(onA.json.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    await bench.local.codes.nextCode(DEMO.username);
  });

  test("instances without shared secrets do not open each other's device cookies (MFA asked, never an error)", async () => {
    const lone = await startAuthServer(bench, { redis: redis.url, ...ROOMY });
    try {
      const box = new CookieBox();
      const code = await openSmsChallenge(a, bench, box);
      await answer(a, box, code);
      await a.send("/auth/remember-device", { method: "POST", json: {}, cookie: box.header() });
      const device = box.get(DEVICE)!;
      const result = await lone.send("/auth/sign-in", { json: DEMO, cookie: `${DEVICE}=${device}` });
      assert.equal(result.json.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      await bench.local.codes.nextCode(DEMO.username);
      assert.ok(lone.logger.lines.every((line) => line.event !== "devices.no-secrets"), "no device was kept there yet");
      await a.send("/auth/forget-device", { method: "POST", json: {}, cookie: box.header() });
    } finally {
      await lone.close();
    }
  });
});
