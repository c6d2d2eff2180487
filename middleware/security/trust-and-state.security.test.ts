import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import { DEMO, PLAIN } from "../../testing/support/cognito-fixture.js";
import { redisSkipReason, startRedisServer, type RedisServer } from "../../testing/support/redis-server.js";
import { claimsOf, madeUpAccessToken, madeUpRefreshToken, reEncoded, unsigned } from "../../testing/security/forge-jwt.js";
import { CookieBox, send, type HttpResult } from "../../testing/security/http-client.js";
import { answer, openSmsChallenge, startAuthServer, startCognitoBench, type AuthServer, type CognitoBench } from "../../testing/security/security-harness.js";
import { express5Factory, koa3Factory, nodeFactory, type ContractServer, type ServerFactory } from "../../testing/contract/servers.js";
import { silentLogger } from "../../shared/runtime/logger.js";
import type { AuthOptions } from "../core/options.js";
import { MemoryRevocationList } from "../stores/revocation-list.js";

// Security checks 28, 29 and 33 (trust and state: what an outsider controls), cookie transport,
// over real HTTP against the local Cognito behind the counting proxy.

const ACCESS = "__Host-cmk-access";
const ID = "__Host-cmk-id";
const REFRESH = "__Host-cmk-refresh";
const FORGED_EMAIL = "attacker@evil.example";
/** Limits the sign-ins of this file never trip; tests that want 429 set their own. */
const ROOMY = { signInsPerIp: { points: 1000, durationSeconds: 60 }, codesSentPerAccount: { points: 1000, durationSeconds: 3600 } };

let bench: CognitoBench;
before(async () => {
  bench = await startCognitoBench();
});
after(async () => {
  await bench.stop();
});

/** The Cookie header of `box` with some cookies replaced (or dropped, for undefined). */
function cookiesWith(box: CookieBox, changes: Record<string, string | undefined>): string {
  const pairs = new Map(box.header().split("; ").filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) pairs.delete(name);
    else pairs.set(name, value);
  }
  return [...pairs].map(([name, value]) => `${name}=${value}`).join("; ");
}

async function signInPlain(url: string, box = new CookieBox()): Promise<CookieBox> {
  const done = box.take(await send(`${url}/auth/sign-in`, { json: PLAIN }));
  assert.equal(done.json?.nextStep?.signInStep, "DONE", done.text);
  return box;
}

async function signInDemo(server: AuthServer, box = new CookieBox()): Promise<CookieBox> {
  const code = await openSmsChallenge(server, bench, box);
  assert.equal((await answer(server, box, code)).json?.nextStep?.signInStep, "DONE");
  return box;
}

function optionsFor(extra: Partial<AuthOptions> = {}): AuthOptions {
  return {
    cognito: {
      region: bench.local.region,
      userPoolId: bench.local.userPoolId,
      clientId: bench.local.serverClient.clientId,
      clientSecret: bench.local.serverClient.clientSecret,
      endpoint: bench.proxy.endpoint,
    },
    logger: silentLogger,
    limits: ROOMY,
    ...extra,
  };
}

/** `count` requests, `width` at a time. */
async function flood<T>(count: number, width: number, one: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += width) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, offset) => one(start + offset)))));
  }
  return results;
}

/** A real garbage collection (V8's gc, made reachable for this process). */
function gcFunction(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

function heapUsedAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const SERVERS: Array<[string, ServerFactory]> = [
  ["Express", express5Factory],
  ["Koa", koa3Factory],
  ["Node http", nodeFactory],
];

describe("check 28: every claim the kit reports comes from a verified token", () => {
  for (const [name, factory] of SERVERS) {
    describe(name, () => {
      let server: ContractServer;
      before(async () => {
        server = await factory(optionsFor());
      });
      after(async () => {
        await server.close();
      });

      test("an ID token re-encoded with another e-mail (old signature kept) changes nothing", async () => {
        const box = await signInPlain(server.url);
        const idToken = box.get(ID)!;
        assert.equal(claimsOf(idToken).email, PLAIN.username, "the real ID token carries the e-mail");
        const honest = await send(`${server.url}/auth/session`, { cookie: box.header() });
        assert.equal(honest.json.user.email, PLAIN.username, "a verified ID token's e-mail is reported");

        const forged = cookiesWith(box, { [ID]: reEncoded(idToken, { email: FORGED_EMAIL }) });
        const session = await send(`${server.url}/auth/session`, { cookie: forged });
        const me = await send(`${server.url}/api/me`, { cookie: forged });
        for (const result of [session, me]) {
          assert.equal(result.status, 200, result.text);
          assert.equal(result.text.includes(FORGED_EMAIL), false, `the forged e-mail is reported: ${result.text}`);
          assert.equal(result.json.user.email ?? undefined, undefined, "an unverified ID token's e-mail is left out");
          assert.equal(result.json.user.username, PLAIN.username);
        }
      });

      test("an unsigned (alg: none) ID token, or another user's ID token, changes nothing", async () => {
        const plain = await signInPlain(server.url);
        const demoBox = new CookieBox();
        const demoStart = demoBox.take(await send(`${server.url}/auth/sign-in`, { json: DEMO }));
        assert.equal(demoStart.json.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        const code = await bench.local.codes.nextCode(DEMO.username);
        demoBox.take(await send(`${server.url}/auth/confirm-sign-in`, { json: { challengeResponse: code }, cookie: demoBox.header() }));
        const forgeries = [
          unsigned(plain.get(ID)!, { email: FORGED_EMAIL }),
          // Signed by the pool, but for another user: the sub does not match the access token.
          demoBox.get(ID)!,
        ];
        for (const idToken of forgeries) {
          const cookie = cookiesWith(plain, { [ID]: idToken });
          for (const path of ["/auth/session", "/api/me"]) {
            const result = await send(server.url + path, { cookie });
            assert.equal(result.status, 200, result.text);
            assert.equal(result.text.includes(FORGED_EMAIL) || result.text.includes(DEMO.username), false, `${path}: ${result.text}`);
            assert.equal(result.json.user.username, PLAIN.username);
          }
        }
      });

      test("an access token re-encoded or unsigned signs nobody in", async () => {
        const box = await signInPlain(server.url);
        const access = box.get(ACCESS)!;
        for (const token of [reEncoded(access, { username: DEMO.username }), unsigned(access, { username: DEMO.username })]) {
          const cookie = cookiesWith(box, { [ACCESS]: token, [REFRESH]: undefined });
          assert.equal((await send(`${server.url}/api/me`, { cookie })).status, 401);
          assert.equal((await send(`${server.url}/auth/session`, { cookie })).status, 401);
        }
      });
    });
  }

  test("after a refresh, the user comes from the new tokens, verified, not from the old cookies", async () => {
    const server = await startAuthServer(bench, { limits: ROOMY });
    try {
      const box = await signInPlain(server.url);
      // Expired access token gone; a forged ID token beside a real refresh token.
      const cookie = cookiesWith(box, { [ACCESS]: undefined, [ID]: reEncoded(box.get(ID)!, { email: FORGED_EMAIL }) });
      const refreshed = await server.send("/auth/session", { cookie });
      assert.equal(refreshed.status, 200, refreshed.text);
      assert.equal(refreshed.json.user.email, PLAIN.username);
      assert.equal(refreshed.text.includes(FORGED_EMAIL), false);
    } finally {
      await server.close();
    }
  });
});

describe("check 29: made-up tokens cost bounded memory and bounded Cognito calls", () => {
  test("3,000 sign-outs with made-up 10 KB access tokens leave the revocation list empty and the heap flat", async () => {
    const revocations = new MemoryRevocationList();
    // The per-IP limit would stop the flood at 30: lift it to see what each request keeps.
    const server = await startAuthServer(bench, { revocationList: revocations, limits: { ...ROOMY, badTokensPerIp: { points: 100_000, durationSeconds: 60 } } });
    try {
      const gc = gcFunction();
      // Straight to the socket (not server.send, which keeps every response): only statuses are kept.
      const signOut = async () => (await send(`${server.url}/auth/sign-out`, { json: {}, cookie: `${ACCESS}=${madeUpAccessToken(10_000)}` })).status;
      await flood(100, 20, signOut); // warm up: JIT, sockets, the JWKS
      const calls = bench.proxy.count();
      const before = heapUsedAfterGc(gc);
      const results = await flood(3000, 25, signOut);
      const grown = heapUsedAfterGc(gc) - before;
      assert.ok(results.every((status) => status === 204), "sign-out always ends the local session");
      assert.equal(revocations.size, 0, "nothing unverified was stored");
      assert.equal(bench.proxy.count() - calls, 0, "a made-up access token is never sent to Cognito");
      // Kept, the 3,000 made-up ids would be ~22 MB (hex jti, UTF-16 strings).
      assert.ok(grown < 6 * 1024 * 1024, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB`);
    } finally {
      await server.close();
    }
  });

  test("a real sign-out is stored as a fixed-size id, only until every token of its session could have expired", async () => {
    const revocations = new MemoryRevocationList();
    const server = await startAuthServer(bench, { revocationList: revocations, limits: ROOMY });
    try {
      const box = await signInPlain(server.url);
      const { exp, iat } = claimsOf(box.get(ACCESS)!) as { exp: number; iat: number };
      const before = Date.now();
      assert.equal((await server.send("/auth/sign-out", { json: {}, cookie: box.header() })).status, 204);
      const after = Date.now();
      assert.equal(revocations.size, 1);
      const [entry] = revocations.entries();
      assert.equal(entry!.key.length, 43, "a SHA-256 in base64url, whatever the token said");
      // A token a refresh issued just before the sign-out lives as long as this one: from then.
      const lifetimeMs = (exp - iat) * 1000;
      assert.ok(entry!.untilMs >= Math.max(exp * 1000, before + lifetimeMs) && entry!.untilMs <= Math.max(exp * 1000, after + lifetimeMs), `${entry!.untilMs} for exp ${exp * 1000}`);
    } finally {
      await server.close();
    }
  });

  test("made-up refresh cookies: past the per-IP limit, 429 with Retry-After and zero further Cognito calls", async () => {
    const server = await startAuthServer(bench, { limits: ROOMY });
    try {
      const madeUp = () => `${ACCESS}=${madeUpAccessToken(400)}; ${REFRESH}=${madeUpRefreshToken()}`;
      const calls = bench.proxy.count();
      const first = await flood(30, 10, () => server.send("/auth/refresh", { method: "POST", cookie: madeUp() }));
      assert.ok(first.every((result) => result.status === 401), first.map((result) => result.status).join());
      assert.ok(bench.proxy.count() - calls <= 30, "at most one Cognito call per failure");
      const spent = bench.proxy.count();
      const over: HttpResult[] = [];
      over.push(await server.send("/auth/refresh", { method: "POST", cookie: madeUp() }));
      over.push(await server.send("/auth/session", { cookie: madeUp() }));
      over.push(await server.send("/api/me", { cookie: madeUp() }));
      over.push(await server.send("/auth/sign-out", { json: {}, cookie: madeUp() }));
      over.push(...(await flood(40, 10, () => server.send("/auth/refresh", { method: "POST", cookie: madeUp() }))));
      for (const result of over) {
        assert.equal(result.status, 429, result.text);
        assert.equal(result.json.error.code, "RATE_LIMITED");
        assert.ok(Number(result.headers["retry-after"]) >= 1, "Retry-After is set");
      }
      assert.equal(bench.proxy.count() - spent, 0, "no Cognito call past the limit");
    } finally {
      await server.close();
    }
  });

  test("the limit costs nothing to a real session on the same IP: valid tokens pass and good refreshes are refunded", async () => {
    const server = await startAuthServer(bench, { limits: { ...ROOMY, badTokensPerIp: { points: 3, durationSeconds: 60 } } });
    try {
      const box = await signInPlain(server.url);
      for (let i = 0; i < 6; i++) {
        const refreshed = box.take(await server.send("/auth/refresh", { method: "POST", cookie: box.header() }));
        assert.equal(refreshed.status, 200, `refresh ${i}: ${refreshed.text}`);
      }
      for (let i = 0; i < 3; i++) await server.send("/api/me", { cookie: `${ACCESS}=${madeUpAccessToken(400)}` });
      assert.equal((await server.send("/api/me", { cookie: `${ACCESS}=${madeUpAccessToken(400)}` })).status, 429);
      assert.equal((await server.send("/api/me", { cookie: box.header() })).status, 200, "a verified token is never refused for its IP");
      assert.equal((await server.send("/api/me")).status, 401, "no token at all is plain 401, not counted");
    } finally {
      await server.close();
    }
  });

  test("behind a trusted proxy each client IP has its own budget; X-Forwarded-For alone moves nothing", async () => {
    const limits = { ...ROOMY, badTokensPerIp: { points: 2, durationSeconds: 60 } };
    const proxied = await startAuthServer(bench, { trustProxy: 1, limits });
    const direct = await startAuthServer(bench, { limits });
    try {
      const madeUp = (ip: string) => ({ cookie: `${ACCESS}=${madeUpAccessToken(400)}`, headers: { "x-forwarded-for": ip } });
      for (let i = 0; i < 2; i++) assert.equal((await proxied.send("/api/me", madeUp("198.51.100.1"))).status, 401);
      assert.equal((await proxied.send("/api/me", madeUp("198.51.100.1"))).status, 429);
      assert.equal((await proxied.send("/api/me", madeUp("198.51.100.2"))).status, 401, "another client behind the proxy");
      // Without trustProxy a client cannot buy a fresh budget by writing the header.
      for (let i = 0; i < 2; i++) assert.equal((await direct.send("/api/me", madeUp(`203.0.113.${i}`))).status, 401);
      assert.equal((await direct.send("/api/me", madeUp("203.0.113.99"))).status, 429);
    } finally {
      await Promise.all([proxied.close(), direct.close()]);
    }
  });

  test("a made-up bearer in body mode and a made-up refresh body are limited too", async () => {
    const server = await startAuthServer(bench, { tokenTransport: "body", limits: { ...ROOMY, badTokensPerIp: { points: 2, durationSeconds: 60 } } });
    try {
      const refresh = () => server.send("/auth/refresh", { json: { refreshToken: madeUpRefreshToken(), username: PLAIN.username } });
      assert.equal((await refresh()).status, 401);
      assert.equal((await refresh()).status, 401);
      const calls = bench.proxy.count();
      assert.equal((await refresh()).status, 429);
      assert.equal((await server.send("/auth/session", { headers: { authorization: `Bearer ${madeUpAccessToken(400)}` } })).status, 429);
      assert.equal(bench.proxy.count() - calls, 0);
    } finally {
      await server.close();
    }
  });
});

describe("check 33: sign out everywhere", () => {
  test("a global sign-out from session A ends session B at once, for requireAuth and /auth/session", async () => {
    const server = await startAuthServer(bench, { limits: ROOMY });
    try {
      const a = await signInDemo(server);
      const b = await signInDemo(server);
      const bAccessOnly = cookiesWith(b, { [REFRESH]: undefined });
      assert.equal((await server.send("/api/me", { cookie: bAccessOnly })).status, 200);
      assert.equal((await server.send("/auth/sign-out", { json: { global: true }, cookie: a.header() })).status, 204);
      // B's access token is still signed and unexpired: only the kit's own record refuses it.
      assert.equal((await server.send("/api/me", { cookie: bAccessOnly })).status, 401);
      assert.equal((await server.send("/auth/session", { cookie: bAccessOnly })).status, 401);
      assert.equal((await server.send("/api/me", { headers: { authorization: `Bearer ${b.get(ACCESS)}` } })).status, 401);
      assert.equal((await server.send("/auth/session", { cookie: b.header() })).status, 401, "and B's refresh token is spent at Cognito");
      // A new sign-in right after is a new session, not caught by the cut-off second.
      const fresh = await signInDemo(server);
      assert.equal((await server.send("/api/me", { cookie: fresh.header() })).status, 200);
    } finally {
      await server.close();
    }
  });

  test("a global sign-out needs a verified access token: a forged one for the same sub ends nobody's session", async () => {
    const server = await startAuthServer(bench, { limits: ROOMY });
    try {
      const victim = await signInPlain(server.url);
      const forged = unsigned(victim.get(ACCESS)!, { jti: "forged" });
      const globals = bench.proxy.count("GlobalSignOut");
      assert.equal((await server.send("/auth/sign-out", { json: { global: true }, cookie: `${ACCESS}=${forged}` })).status, 204);
      assert.equal(bench.proxy.count("GlobalSignOut") - globals, 0, "Cognito is not asked with an unverified token");
      assert.equal((await server.send("/api/me", { cookie: victim.header() })).status, 200);
    } finally {
      await server.close();
    }
  });

  describe("across two instances on one Redis", { skip: redisSkipReason() }, () => {
    let redis: RedisServer;
    let admin: Redis;
    before(async () => {
      redis = await startRedisServer();
      admin = new Redis(redis.url);
    });
    after(async () => {
      admin?.disconnect();
      await redis?.stop();
    });

    test("a global sign-out on A is refused by B at once", async () => {
      const [a, b] = [await startAuthServer(bench, { redis: redis.url, limits: ROOMY }), await startAuthServer(bench, { redis: redis.url, limits: ROOMY })];
      try {
        const first = await signInDemo(a);
        const second = await signInDemo(a);
        const secondAccessOnly = cookiesWith(second, { [REFRESH]: undefined });
        assert.equal((await b.send("/api/me", { cookie: secondAccessOnly })).status, 200, "B caches the verified token");
        assert.equal((await a.send("/auth/sign-out", { json: { global: true }, cookie: first.header() })).status, 204);
        assert.equal((await b.send("/api/me", { cookie: secondAccessOnly })).status, 401);
        assert.equal((await b.send("/auth/session", { cookie: second.header() })).status, 401);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    test("3,000 made-up sign-outs add no Redis key but the IP's limit counter", async () => {
      const server = await startAuthServer(bench, { redis: redis.url, limits: { ...ROOMY, badTokensPerIp: { points: 100_000, durationSeconds: 60 } } });
      try {
        await admin.flushall();
        const before = await admin.dbsize();
        const results = await flood(3000, 25, async () => (await send(`${server.url}/auth/sign-out`, { json: {}, cookie: `${ACCESS}=${madeUpAccessToken(10_000)}` })).status);
        assert.ok(results.every((status) => status === 204));
        const keys = await admin.keys("*");
        assert.ok(keys.length - before <= 1, `keys: ${keys.join(", ")}`);
        assert.ok(keys.every((key) => key.startsWith("cmk:rl:")), `keys: ${keys.join(", ")}`);
        for (const key of keys) assert.ok(Number(await admin.call("MEMORY", "USAGE", key)) < 1024, `${key} is small`);
      } finally {
        await server.close();
      }
    });
  });
});
