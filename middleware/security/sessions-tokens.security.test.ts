import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEMO, PLAIN, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import type { HttpResult } from "../../testing/security/http-client.js";
import { answer, CookieBox, openSmsChallenge, startAuthServer, startCognitoBench, type AuthServer, type CognitoBench } from "../../testing/security/security-harness.js";

// Security checks 10–14 (sessions and tokens), cookie transport, over real HTTP.

const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}/;

let bench: CognitoBench;
let server: AuthServer;
before(async () => {
  bench = await startCognitoBench();
  server = await startAuthServer(bench);
});
after(async () => {
  await server.close();
  await bench.stop();
});

/** A full SMS sign-in in `box`; returns the DONE response. */
async function signInWithSms(box: CookieBox): Promise<HttpResult> {
  const code = await openSmsChallenge(server, bench, box);
  const done = await answer(server, box, code);
  assert.equal(done.json?.nextStep?.signInStep, "DONE", done.text);
  return done;
}

function sessionCookiesIn(box: CookieBox): string[] {
  return box.names().filter((name) => /-(access|id|refresh)$/.test(name));
}

describe("check 10: no session while a challenge is open", () => {
  test("opening a challenge sets no session cookie, and /auth/session and requireAuth say 401", async () => {
    const box = new CookieBox();
    await openSmsChallenge(server, bench, box);
    assert.deepEqual(sessionCookiesIn(box), []);
    assert.deepEqual(box.names(), ["__Host-cmk-challenge"]);
    const session = await server.send("/auth/session", { cookie: box.header() });
    assert.equal(session.status, 401);
    assert.equal(session.json.error.code, "NOT_SIGNED_IN");
    assert.equal((await server.send("/api/me", { cookie: box.header() })).status, 401);
  });

  test("a new sign-in that opens a challenge ends the session the browser had", async () => {
    const box = new CookieBox();
    box.take(await server.send("/auth/sign-in", { json: PLAIN }));
    assert.equal((await server.send("/auth/session", { cookie: box.header() })).status, 200);
    await openSmsChallenge(server, bench, box);
    assert.deepEqual(sessionCookiesIn(box), [], "the old session cookies are cleared");
  });
});

describe("check 11: after DONE", () => {
  test("the challenge cookie is cleared and replaying it is CHALLENGE_EXPIRED", async () => {
    const box = new CookieBox();
    const code = await openSmsChallenge(server, bench, box);
    const challengeCookie = `__Host-cmk-challenge=${box.get("__Host-cmk-challenge")}`;
    const done = await answer(server, box, code);
    assert.ok(done.setCookies.some((line) => line.startsWith("__Host-cmk-challenge=;") && /Max-Age=0/i.test(line)), done.setCookies.join("\n"));
    assert.equal(box.get("__Host-cmk-challenge"), undefined);
    const replay = await server.send("/auth/confirm-sign-in", { json: { challengeResponse: code }, cookie: challengeCookie });
    assert.equal(replay.status, 401);
    assert.equal(replay.json.error.code, "CHALLENGE_EXPIRED");
  });

  test("no JWT or refresh token in any JSON body, URL or script-readable cookie", async () => {
    const box = new CookieBox();
    const from = server.responses.length;
    const answersFrom = bench.proxy.answers.length;
    await signInWithSms(box);
    box.take(await server.send("/auth/session", { cookie: box.header() }));
    box.take(await server.send("/auth/refresh", { method: "POST", cookie: box.header() }));
    box.take(await server.send("/auth/sign-in", { json: PLAIN, cookie: box.header() }));
    const secrets = bench.proxy.answers
      .slice(answersFrom)
      .flatMap(({ body }) => [body.AuthenticationResult?.AccessToken, body.AuthenticationResult?.IdToken, body.AuthenticationResult?.RefreshToken, body.Session])
      .filter((value): value is string => typeof value === "string");
    assert.ok(secrets.length >= 6, "the test saw Cognito's tokens");
    for (const result of server.responses.slice(from)) {
      assert.doesNotMatch(result.text, JWT, `a JWT in the body: ${result.text.slice(0, 80)}`);
      for (const secret of secrets) assert.equal(result.text.includes(secret), false, "a token or Cognito Session in a body");
      assert.equal(result.headers.location, undefined, "no redirect carries a token");
      for (const line of result.setCookies) assert.match(line, /;\s*HttpOnly/i, `a script-readable cookie: ${line.slice(0, 40)}`);
    }
  });
});

describe("check 12: an expired or spent Cognito session", () => {
  test("an expired Cognito session is CHALLENGE_EXPIRED and is not counted as a wrong code", async () => {
    // One wrong code per account would lock the next sign-in: the expiry must not count as one.
    const strict = await startAuthServer(bench, { limits: { wrongCodesPerAccount: { points: 1, durationSeconds: 900 } } });
    try {
      const box = new CookieBox();
      const code = await openSmsChallenge(strict, bench, box);
      bench.skewMs = 4 * 60_000; // Cognito's 3-minute session is over; our own record is not
      let result: HttpResult;
      try {
        result = await answer(strict, box, code);
      } finally {
        bench.skewMs = 0;
      }
      assert.equal(result.status, 401);
      assert.equal(result.json.error.code, "CHALLENGE_EXPIRED");
      assert.equal(box.get("__Host-cmk-challenge"), undefined, "the dead challenge cookie is cleared");
      const again = new CookieBox();
      const fresh = await openSmsChallenge(strict, bench, again); // not RATE_LIMITED: nothing was counted
      assert.equal((await answer(strict, again, fresh)).json.nextStep.signInStep, "DONE");
    } finally {
      await strict.close();
    }
  });

  test("a Cognito session already used is CHALLENGE_EXPIRED and is not counted (fault-injected)", async () => {
    // Stands for Cognito's "session can only be used once" after a retried or raced answer.
    const strict = await startAuthServer(bench, { limits: { wrongCodesPerAccount: { points: 1, durationSeconds: 900 } } });
    try {
      const box = new CookieBox();
      const code = await openSmsChallenge(strict, bench, box);
      bench.proxy.setFault((call) =>
        call.operation === "RespondToAuthChallenge" ? { error: "NotAuthorizedException", message: "Invalid session for the user, session can only be used once." } : undefined,
      );
      let result: HttpResult;
      try {
        result = await answer(strict, box, wrongCodeFor(code));
      } finally {
        bench.proxy.setFault(undefined);
      }
      assert.equal(result.json.error.code, "CHALLENGE_EXPIRED");
      assert.equal(result.json.error.attemptsLeft, undefined);
      assert.equal((await strict.send("/auth/sign-in", { json: DEMO })).status, 200, "the account is not charged a wrong code");
    } finally {
      await strict.close();
    }
  });
});

describe("check 13: sign-out", () => {
  test("204, cookies cleared, RevokeToken once, and the old cookies are 401 everywhere", async () => {
    const box = new CookieBox();
    await signInWithSms(box);
    const oldCookies = box.header();
    assert.equal((await server.send("/api/me", { cookie: oldCookies })).status, 200);
    const revokes = bench.proxy.count("RevokeToken");
    const out = box.take(await server.send("/auth/sign-out", { method: "POST", cookie: oldCookies, headers: { "content-type": "application/json" }, body: "{}" }));
    assert.equal(out.status, 204);
    assert.equal(out.text, "");
    for (const name of ["__Host-cmk-access", "__Host-cmk-id", "__Host-cmk-refresh"]) {
      assert.ok(out.setCookies.some((line) => line.startsWith(`${name}=;`) && /Max-Age=0/i.test(line)), `${name} cleared`);
    }
    assert.deepEqual(sessionCookiesIn(box), []);
    assert.equal(bench.proxy.count("RevokeToken") - revokes, 1);

    const session = await server.send("/auth/session", { cookie: oldCookies });
    assert.equal(session.status, 401);
    assert.equal(session.json.error.code, "NOT_SIGNED_IN");
    assert.equal((await server.send("/api/me", { cookie: oldCookies })).status, 401);
    const accessOnly = oldCookies.split("; ").filter((pair) => pair.startsWith("__Host-cmk-access=")).join("; ");
    assert.equal((await server.send("/api/me", { cookie: accessOnly })).status, 401, "the access token alone is refused too");
    assert.equal((await server.send("/auth/refresh", { method: "POST", cookie: oldCookies })).status, 401);
  });

  test("global sign-out calls GlobalSignOut and RevokeToken once each", async () => {
    const box = new CookieBox();
    box.take(await server.send("/auth/sign-in", { json: PLAIN }));
    const [globals, revokes] = [bench.proxy.count("GlobalSignOut"), bench.proxy.count("RevokeToken")];
    const out = await server.send("/auth/sign-out", { json: { global: true }, cookie: box.header() });
    assert.equal(out.status, 204);
    assert.equal(bench.proxy.count("GlobalSignOut") - globals, 1);
    assert.equal(bench.proxy.count("RevokeToken") - revokes, 1);
    assert.equal((await server.send("/auth/session", { cookie: box.header() })).status, 401);
  });
});

describe("check 14: Cache-Control: no-store on every /auth response", () => {
  test("successes and every kind of error carry no-store", async () => {
    const fresh = await startAuthServer(bench, { limits: { signInsPerIp: { points: 12, durationSeconds: 60 } }, cognito: { maxAttempts: 1 } });
    try {
      const box = new CookieBox();
      const code = await openSmsChallenge(fresh, bench, box); // 200
      await answer(fresh, box, wrongCodeFor(code)); // 401 CODE_MISMATCH
      await answer(fresh, box, "12"); // 400
      await answer(fresh, box, code); // 200 DONE
      await fresh.send("/auth/session", { cookie: box.header() }); // 200
      await fresh.send("/auth/refresh", { method: "POST", cookie: box.header() }); // 200
      await fresh.send("/auth/sign-out", { method: "POST", cookie: box.header() }); // 204
      await fresh.send("/auth/session"); // 401 NOT_SIGNED_IN
      await fresh.send("/auth/confirm-sign-in", { json: { challengeResponse: "123456" } }); // 401 CHALLENGE_EXPIRED
      await fresh.send("/auth/sign-in", { json: { ...PLAIN, password: "wrong" } }); // 401 NOT_AUTHORIZED
      await fresh.send("/auth/nowhere"); // 404
      await fresh.send("/auth/sign-in"); // 405
      await fresh.send("/auth/sign-in", { json: { username: "x", password: "y".repeat(20_000) } }); // 413
      await fresh.send("/auth/sign-in", { body: "a=b", headers: { "content-type": "text/plain" } }); // 415
      await fresh.send("/auth/sign-in", { json: PLAIN, headers: { origin: "https://evil.example" } }); // 403
      bench.proxy.setFault((call) => (call.operation === "InitiateAuth" ? { error: "InternalErrorException", message: "boom", status: 500 } : undefined));
      await fresh.send("/auth/sign-in", { json: PLAIN }); // 503
      bench.proxy.setFault((call) => (call.operation === "InitiateAuth" ? { error: "ResourceNotFoundException", message: "no pool" } : undefined));
      await fresh.send("/auth/sign-in", { json: PLAIN }); // 500
      bench.proxy.setFault(undefined);
      for (let i = 0; i < 13 && fresh.responses.at(-1)!.status !== 429; i += 1) await fresh.send("/auth/sign-in", { json: { ...PLAIN, password: "wrong" } }); // …429
      const statuses = new Set(fresh.responses.map((result) => result.status));
      for (const status of [200, 204, 400, 401, 403, 404, 405, 413, 415, 429, 500, 503]) assert.ok(statuses.has(status), `covered ${status}`);
      for (const result of fresh.responses) assert.equal(result.headers["cache-control"], "no-store", `${result.status} ${result.text.slice(0, 60)}`);
    } finally {
      bench.proxy.setFault(undefined);
      await fresh.close();
    }
  });
});
