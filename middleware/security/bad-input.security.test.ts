import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { randomBytes } from "node:crypto";
import { DEMO, PLAIN, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { answer, CookieBox, openSmsChallenge, startAuthServer, startCognitoBench, type AuthServer, type CognitoBench } from "../../testing/security/security-harness.js";

// Security checks 1–5 (bad input), over real HTTP against nodeAuth with the local Cognito behind
// a counting proxy. "Zero Cognito calls" is the proxy's count before and after.

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

/** Runs `act` and asserts the proxy saw no Cognito call meanwhile. */
async function withoutCognito<T>(act: () => Promise<T>): Promise<T> {
  const before = bench.proxy.count();
  const result = await act();
  assert.equal(bench.proxy.count(), before, "Cognito must not be called");
  return result;
}

describe("check 1: only JSON POSTs reach the routes", () => {
  for (const [type, body] of [
    ["text/plain", JSON.stringify({ username: PLAIN.username, password: PLAIN.password })],
    ["application/x-www-form-urlencoded", `username=${encodeURIComponent(PLAIN.username)}&password=${encodeURIComponent(PLAIN.password)}`],
    ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="username"\r\n\r\n${PLAIN.username}\r\n--x--\r\n`],
  ] as const) {
    test(`a ${type.split(";")[0]} sign-in is refused with 415 and Cognito is not called`, async () => {
      const result = await withoutCognito(() => server.send("/auth/sign-in", { method: "POST", body, headers: { "content-type": type } }));
      assert.equal(result.status, 415);
      assert.equal(result.json.error.code, "UNSUPPORTED_MEDIA_TYPE");
    });
  }

  test("a sign-in body without any content-type is refused with 415", async () => {
    const result = await withoutCognito(() => server.send("/auth/sign-in", { method: "POST", body: JSON.stringify({ username: PLAIN.username, password: PLAIN.password }) }));
    assert.equal(result.status, 415);
  });

  test("GET /auth/sign-in is 405 with an Allow header", async () => {
    const result = await withoutCognito(() => server.send("/auth/sign-in"));
    assert.equal(result.status, 405);
    assert.equal(result.json.error.code, "METHOD_NOT_ALLOWED");
    assert.equal(result.headers.allow, "POST");
  });
});

describe("check 2: usernames and passwords are bounded before Cognito", () => {
  const bad: Array<[string, unknown]> = [
    ["an empty username", { username: "", password: "x" }],
    ["a blank username", { username: "   ", password: "x" }],
    ["a 129-character username", { username: `${"a".repeat(117)}@example.com`, password: "x" }],
    ["a username with a newline", { username: "demo@example.com\nlevel=admin", password: "x" }],
    ["a username with a NUL", { username: "demo@example.com\u0000", password: "x" }],
    ["a username with DEL", { username: "demo\u007f@example.com", password: "x" }],
    ["a 257-character password", { username: DEMO.username, password: "p".repeat(257) }],
    ["a missing password", { username: DEMO.username }],
    ["a numeric username", { username: 12345, password: "x" }],
    ["an array body", [DEMO.username, DEMO.password]],
  ];
  for (const [what, body] of bad) {
    test(`${what} → 400 INVALID_REQUEST, zero Cognito calls`, async () => {
      const result = await withoutCognito(() => server.send("/auth/sign-in", { json: body }));
      assert.equal(result.status, 400);
      assert.equal(result.json.error.code, "INVALID_REQUEST");
    });
  }

  test("USER_PASSWORD_AUTH: a long passphrase with spaces and non-ASCII reaches Cognito unchanged", async () => {
    const passphrase = `  corrêct hörse bättery stäple ✓ 日本語 ${"pass ".repeat(40)}`.slice(0, 256);
    const passwordAuth = await startAuthServer(bench, { authFlow: "USER_PASSWORD_AUTH" });
    try {
      const from = bench.proxy.calls.length;
      const result = await passwordAuth.send("/auth/sign-in", { json: { username: PLAIN.username, password: passphrase } });
      assert.equal(result.status, 401); // not the password: Cognito judged it
      const initiate = bench.proxy.calls.slice(from).find((call) => call.operation === "InitiateAuth");
      assert.equal(initiate?.body.AuthParameters.PASSWORD, passphrase);
      assert.equal(initiate?.body.AuthParameters.USERNAME, PLAIN.username);
    } finally {
      await passwordAuth.close();
    }
  });

  test("USER_SRP_AUTH (the default): the passphrase is judged by Cognito but sent in no call, in no form", async () => {
    const passphrase = `  corrêct hörse bättery stäple ✓ 日本語 ${"pass ".repeat(40)}`.slice(0, 256);
    const from = bench.proxy.calls.length;
    const result = await server.send("/auth/sign-in", { json: { username: PLAIN.username, password: passphrase } });
    assert.equal(result.status, 401); // the verifier was checked by Cognito, and refused
    const calls = bench.proxy.calls.slice(from);
    const initiate = calls.find((call) => call.operation === "InitiateAuth");
    assert.equal(initiate?.body.AuthFlow, "USER_SRP_AUTH");
    assert.equal(initiate?.body.AuthParameters.PASSWORD, undefined);
    assert.ok(calls.some((call) => call.body.ChallengeName === "PASSWORD_VERIFIER"), "Cognito judged the password's proof");
    const wire = JSON.stringify(calls);
    for (const form of [passphrase, passphrase.trim(), Buffer.from(passphrase).toString("base64"), Buffer.from(passphrase).toString("hex")]) assert.equal(wire.includes(form), false);
  });
});

describe("check 3: malformed codes cost no attempt", () => {
  test('"12345", "1234567", "12a456", " 123456" and 123456 are 400 and leave all 5 attempts', async () => {
    const box = new CookieBox();
    const code = await openSmsChallenge(server, bench, box);
    const responds = bench.proxy.count("RespondToAuthChallenge");
    for (const malformed of ["12345", "1234567", "12a456", " 123456", 123456, "", "１２３４５６"]) {
      const result = await answer(server, box, malformed);
      assert.equal(result.status, 400, `${JSON.stringify(malformed)} → ${result.text}`);
      assert.equal(result.json.error.code, "INVALID_REQUEST");
    }
    assert.equal(bench.proxy.count("RespondToAuthChallenge"), responds, "no malformed code reaches Cognito");
    // The attempt count is untouched: five wrong answers still count down 4…0.
    const left: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const result = await answer(server, box, wrongCodeFor(code));
      assert.equal(result.json.error.code, "CODE_MISMATCH");
      left.push(result.json.error.attemptsLeft);
    }
    assert.deepEqual(left, [4, 3, 2, 1, 0]);
  });
});

describe("check 4: oversized and hostile bodies", () => {
  test("a body over 16 KiB is 413, with Content-Length and chunked alike, and Cognito is not called", async () => {
    const big = JSON.stringify({ username: DEMO.username, password: "x".repeat(17 * 1024) });
    const declared = await withoutCognito(() => server.send("/auth/sign-in", { json: JSON.parse(big) }));
    assert.equal(declared.status, 413);
    assert.equal(declared.json.error.code, "PAYLOAD_TOO_LARGE");
    // Without a Content-Length the limit is enforced while reading.
    const chunked = await withoutCognito(() =>
      server.send("/auth/sign-in", { method: "POST", body: big, headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }),
    );
    assert.equal(chunked.status, 413);
    assert.equal(chunked.json.error.code, "PAYLOAD_TOO_LARGE");
  });

  test("a body of exactly 16 KiB is read (the limit is not off by one)", async () => {
    const filler = "y".repeat(16 * 1024 - JSON.stringify({ username: "", password: "x", pad: "" }).length);
    const result = await withoutCognito(() => server.send("/auth/sign-in", { json: { username: "", password: "x", pad: filler } }));
    assert.equal(result.status, 400); // read, then refused for the empty username
    assert.equal(result.json.error.code, "INVALID_REQUEST");
  });

  test('{"__proto__": {"polluted": 1}} is refused or ignored, and no object is polluted', async () => {
    for (const path of ["/auth/sign-in", "/auth/confirm-sign-in", "/auth/sign-out", "/auth/refresh"]) {
      const raw = `{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}`;
      const result = await server.send(path, { method: "POST", body: raw, headers: { "content-type": "application/json" } });
      assert.ok([204, 400, 401].includes(result.status), `${path} → ${result.status}`);
      assert.equal(({} as any).polluted, undefined);
      assert.equal((Object.prototype as any).polluted, undefined);
    }
    const withCredentials = `{"username": "${PLAIN.username}", "password": "${PLAIN.password}", "__proto__": {"isAdmin": true}}`;
    const result = await server.send("/auth/sign-in", { method: "POST", body: withCredentials, headers: { "content-type": "application/json" } });
    assert.equal(result.status, 200);
    assert.equal(result.json.isAdmin, undefined);
    assert.equal(({} as any).isAdmin, undefined);
  });

  test("broken JSON is 400 and the server keeps serving", async () => {
    for (const raw of ["{", "nul", '{"username": "a", "password": "b"', "\u0000\u0001", "[]", "null", '"string"']) {
      const result = await server.send("/auth/sign-in", { method: "POST", body: raw, headers: { "content-type": "application/json" } });
      assert.equal(result.status, 400, raw);
      assert.equal(result.json.error.code, "INVALID_REQUEST");
    }
    assert.equal((await server.send("/auth/session")).status, 401);
  });
});

describe("check 5: only the server-side challenge this client holds is answered", () => {
  test("confirm without a challenge cookie → CHALLENGE_EXPIRED", async () => {
    const result = await withoutCognito(() => server.send("/auth/confirm-sign-in", { json: { challengeResponse: "123456" } }));
    assert.equal(result.status, 401);
    assert.equal(result.json.error.code, "CHALLENGE_EXPIRED");
  });

  test("a forged challenge id (well-formed or not) → CHALLENGE_EXPIRED", async () => {
    for (const forged of [randomBytes(32).toString("base64url"), "abc", "../../etc/passwd", "a".repeat(5000)]) {
      const result = await withoutCognito(() => server.send("/auth/confirm-sign-in", { json: { challengeResponse: "123456" }, cookie: `__Host-cmk-challenge=${forged}` }));
      assert.equal(result.json.error.code, "CHALLENGE_EXPIRED", forged.slice(0, 20));
    }
  });

  test("a body naming another client's challenge is ignored: that challenge is not answered", async () => {
    const victim = new CookieBox();
    const code = await openSmsChallenge(server, bench, victim);
    const victimId = victim.get("__Host-cmk-challenge")!;
    const attacker = await withoutCognito(() =>
      server.send("/auth/confirm-sign-in", { json: { challengeResponse: code, challengeToken: victimId, challengeId: victimId } }),
    );
    assert.equal(attacker.json.error.code, "CHALLENGE_EXPIRED");
    assert.equal(attacker.setCookies.some((line) => /^__Host-cmk-access=./.test(line)), false);
    // The victim's challenge is untouched: all its attempts remain and its code still works.
    const wrong = await answer(server, victim, wrongCodeFor(code));
    assert.equal(wrong.json.error.attemptsLeft, 4);
    const right = await answer(server, victim, code);
    assert.equal(right.status, 200);
    assert.equal(right.json.nextStep.signInStep, "DONE");
  });
});
