import assert from "node:assert/strict";
import { after, before, describe, mock, test } from "node:test";
import { DEMO, PLAIN, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import type { HttpResult } from "../../testing/security/http-client.js";
import { answer, CookieBox, openSmsChallenge, startCognitoBench, withAuthServer, type AuthServer, type CognitoBench, type ServerOptions } from "../../testing/security/security-harness.js";

// Security checks 6–9 (brute force and abuse). Each test gets its own server, so its rate-limit
// counters start at zero; the local Cognito behind the counting proxy is shared by the file.

let bench: CognitoBench;
before(async () => {
  bench = await startCognitoBench();
});
after(() => bench.stop());

const withServer = (options: ServerOptions, body: (server: AuthServer) => Promise<void>) => withAuthServer(bench, options, body);

function codesOf(results: HttpResult[]): string[] {
  return results.map((result) => (result.status === 200 ? `200 ${result.json.nextStep.signInStep}` : `${result.status} ${result.json.error.code}`));
}

describe("check 6: attempts per challenge", () => {
  test("five wrong codes count down 4…0, then even the right code is CHALLENGE_EXPIRED", () =>
    withServer({}, async (server) => {
      const box = new CookieBox();
      const code = await openSmsChallenge(server, bench, box);
      const left: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const result = await answer(server, box, wrongCodeFor(code));
        assert.equal(result.status, 401);
        assert.equal(result.json.error.code, "CODE_MISMATCH");
        left.push(result.json.error.attemptsLeft);
      }
      assert.deepEqual(left, [4, 3, 2, 1, 0]);
      assert.equal(server.logger.lines.filter((line) => line.event === "challenge.wrong-code").length, 4);
      assert.equal(server.logger.lines.filter((line) => line.event === "challenge.closed").length, 1, "the closing wrong code is logged as such");
      // The closing answer clears the cookie; a client that kept it is refused as well.
      const closedId = box.get("__Host-cmk-challenge");
      assert.equal(closedId, undefined, "the challenge cookie is cleared at zero attempts");
      const responds = bench.proxy.count("RespondToAuthChallenge");
      const lastCookie = server.responses.at(-6)!.setCookies.find((line) => line.startsWith("__Host-cmk-challenge="))!.split(";")[0]!;
      const replay = await server.send("/auth/confirm-sign-in", { json: { challengeResponse: code }, cookie: lastCookie });
      assert.equal(replay.json.error.code, "CHALLENGE_EXPIRED");
      assert.equal(bench.proxy.count("RespondToAuthChallenge"), responds, "a closed challenge never reaches Cognito");
    }));

  test("the right code sent twice at once signs in once, never twice", () =>
    withServer({}, async (server) => {
      for (let round = 0; round < 3; round += 1) {
        const box = new CookieBox();
        const code = await openSmsChallenge(server, bench, box);
        const results = await Promise.all([1, 2, 3].map(() => server.send("/auth/confirm-sign-in", { json: { challengeResponse: code }, cookie: box.header() })));
        const successes = results.filter((result) => result.status === 200);
        assert.equal(successes.length, 1, codesOf(results).join(", "));
        for (const other of results.filter((result) => result.status !== 200)) {
          assert.ok(["RATE_LIMITED", "CHALLENGE_EXPIRED"].includes(other.json.error.code), other.text);
          assert.equal(other.setCookies.some((line) => /-access=[^;]/.test(line)), false, "a losing answer sets no session");
        }
      }
    }));

  test("wrong codes in parallel never get more than five answers checked", () =>
    withServer({}, async (server) => {
      const box = new CookieBox();
      const code = await openSmsChallenge(server, bench, box);
      const cookie = box.header();
      const respondsBefore = bench.proxy.count("RespondToAuthChallenge");
      const results: HttpResult[] = [];
      // Waves of parallel wrong answers until the challenge is gone.
      for (let wave = 0; wave < 12 && !results.some((result) => result.json?.error?.code === "CHALLENGE_EXPIRED"); wave += 1) {
        results.push(...(await Promise.all(Array.from({ length: 6 }, () => server.send("/auth/confirm-sign-in", { json: { challengeResponse: wrongCodeFor(code) }, cookie })))));
      }
      const mismatches = results.filter((result) => result.json?.error?.code === "CODE_MISMATCH");
      assert.equal(mismatches.length, 5, codesOf(results).join(", "));
      assert.deepEqual(mismatches.map((result) => result.json.error.attemptsLeft).sort(), [0, 1, 2, 3, 4]);
      assert.ok(bench.proxy.count("RespondToAuthChallenge") - respondsBefore <= 5, "at most five answers reached Cognito");
      const right = await server.send("/auth/confirm-sign-in", { json: { challengeResponse: code }, cookie });
      assert.equal(right.json.error.code, "CHALLENGE_EXPIRED");
    }));
});

describe("check 7: wrong codes per account across sign-ins (fake clock)", () => {
  // The account is the Cognito user: its other names share the budget and names Cognito keeps
  // apart do not (check 31, counting.security.test.ts).
  test("after 10 wrong codes in 15 minutes sign-in is RATE_LIMITED for that account until the window passes", async (t) => {
    // Its own local Cognito and proxy: their keep-alive sockets' timers are set while the clock
    // is mocked, and must not outlive this test (they broke a later test's teardown when shared).
    const bench = await startCognitoBench();
    t.after(() => bench.stop());
    await withAuthServer(bench, {}, async (server) => {
      // rate-limiter-flexible reads Date and sets timeouts: node's mock timers move both.
      mock.timers.enable({ apis: ["Date", "setTimeout", "setInterval"], now: Date.now() });
      t.after(() => mock.timers.reset());
      for (let signIn = 0; signIn < 2; signIn += 1) {
        const box = new CookieBox();
        const code = await openSmsChallenge(server, bench, box);
        for (let i = 0; i < 5; i += 1) assert.equal((await answer(server, box, wrongCodeFor(code))).json.error.code, "CODE_MISMATCH");
        mock.timers.tick(60_000); // spread over the window, not a burst
      }
      const initiates = bench.proxy.count("InitiateAuth");
      for (let i = 0; i < 2; i += 1) {
        const refused = await server.send("/auth/sign-in", { json: DEMO });
        assert.equal(refused.status, 429, refused.text);
        assert.equal(refused.json.error.code, "RATE_LIMITED");
        assert.ok(Number(refused.headers["retry-after"]) > 0);
      }
      assert.equal(bench.proxy.count("InitiateAuth"), initiates, "a refused account costs no Cognito call");
      // Another account is not affected.
      assert.equal((await server.send("/auth/sign-in", { json: PLAIN })).status, 200);

      mock.timers.tick(11 * 60_000); // 13 minutes after the first wrong code: still inside the window
      assert.equal((await server.send("/auth/sign-in", { json: DEMO })).status, 429);
      mock.timers.tick(2 * 60_000 + 1000); // the window has passed
      const again = new CookieBox();
      const code = await openSmsChallenge(server, bench, again);
      assert.equal((await answer(server, again, code)).json.nextStep.signInStep, "DONE");
    });
  });
});

describe("check 8: SMS cost per account", () => {
  test("a 6th code within an hour is 429 and Cognito is not asked to send it", () =>
    withServer({}, async (server) => {
      const sentBefore = bench.local.codes.countFor(DEMO.username);
      for (let i = 0; i < 5; i += 1) await openSmsChallenge(server, bench, new CookieBox());
      assert.equal(bench.local.codes.countFor(DEMO.username) - sentBefore, 5);
      const initiates = bench.proxy.count("InitiateAuth");
      const sixth = await server.send("/auth/sign-in", { json: DEMO });
      assert.equal(sixth.status, 429);
      assert.equal(sixth.json.error.code, "RATE_LIMITED");
      assert.ok(Number(sixth.headers["retry-after"]) > 0);
      assert.equal(bench.proxy.count("InitiateAuth"), initiates, "Cognito is not called");
      assert.equal(bench.local.codes.countFor(DEMO.username) - sentBefore, 5, "no sixth SMS");
    }));

  test("concurrent sign-ins cannot squeeze past the budget", () =>
    withServer({}, async (server) => {
      const sentBefore = bench.local.codes.countFor(DEMO.username);
      const results = await Promise.all(Array.from({ length: 9 }, () => server.send("/auth/sign-in", { json: DEMO })));
      assert.equal(results.filter((result) => result.status === 200).length, 5, codesOf(results).join(", "));
      assert.equal(results.filter((result) => result.status === 429).length, 4);
      assert.equal(bench.local.codes.countFor(DEMO.username) - sentBefore, 5);
    }));

  test("wrong passwords do not use up the SMS budget (the reserved code is refunded)", () =>
    withServer({}, async (server) => {
      for (let i = 0; i < 6; i += 1) assert.equal((await server.send("/auth/sign-in", { json: { ...DEMO, password: "wrong" } })).status, 401);
      for (let i = 0; i < 5; i += 1) await openSmsChallenge(server, bench, new CookieBox());
    }));
});

describe("check 9: sign-ins per IP", () => {
  const wrongPassword = { username: PLAIN.username, password: "not-the-password" };

  test("the 21st sign-in in a minute is 429 with Retry-After", () =>
    withServer({}, async (server) => {
      for (let i = 0; i < 20; i += 1) assert.equal((await server.send("/auth/sign-in", { json: wrongPassword })).status, 401);
      const initiates = bench.proxy.count("InitiateAuth");
      const refused = await server.send("/auth/sign-in", { json: PLAIN });
      assert.equal(refused.status, 429);
      assert.equal(refused.json.error.code, "RATE_LIMITED");
      const retryAfter = Number(refused.headers["retry-after"]);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(refused.json.error.retryAfter, retryAfter);
      assert.equal(bench.proxy.count("InitiateAuth"), initiates);
      // The refusal is logged for whoever watches for abuse, with the request id the client saw.
      const logged = server.logger.lines.find((line) => line.event === "request.rate-limited");
      assert.equal(logged?.fields.requestId, refused.headers["x-request-id"]);
      assert.equal(logged?.fields.path, "/sign-in");
    }));

  test("a spoofed X-Forwarded-For does not dodge the limit without trustProxy", () =>
    withServer({}, async (server) => {
      const spoofed = (i: number) => ({ json: wrongPassword, headers: { "x-forwarded-for": `198.51.100.${i}` } });
      for (let i = 0; i < 20; i += 1) assert.equal((await server.send("/auth/sign-in", spoofed(i))).status, 401);
      assert.equal((await server.send("/auth/sign-in", spoofed(99))).status, 429);
    }));

  test("with trustProxy: 1 the hop our proxy added counts, not what the client wrote", () =>
    withServer({ trustProxy: 1 }, async (server) => {
      const via = (client: string, forged: string) => ({ json: wrongPassword, headers: { "x-forwarded-for": `${forged}, ${client}` } });
      for (let i = 0; i < 20; i += 1) assert.equal((await server.send("/auth/sign-in", via("203.0.113.7", `198.51.100.${i}`))).status, 401);
      assert.equal((await server.send("/auth/sign-in", via("203.0.113.7", "198.51.100.250"))).status, 429, "forging the left part does not help");
      assert.equal((await server.send("/auth/sign-in", via("203.0.113.8", "198.51.100.1"))).status, 401, "another client behind the proxy is not limited");
    }));
});
