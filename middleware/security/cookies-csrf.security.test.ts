import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { DEMO, PLAIN, TOTP } from "../../testing/support/cognito-fixture.js";
import { answer, CookieBox, openSmsChallenge, startAuthServer, startCognitoBench, type AuthServer, type CognitoBench } from "../../testing/security/security-harness.js";

// Security checks 15–16 (cookies and CSRF), over real HTTP.

let bench: CognitoBench;
let server: AuthServer;
before(async () => {
  bench = await startCognitoBench();
  server = await startAuthServer(bench, { allowedOrigins: ["http://localhost:5173"] });
});
after(async () => {
  await server.close();
  await bench.stop();
});

/** Cookie attributes as a map (lower-case names), plus name and value. */
function parseSetCookie(line: string) {
  const [pair = "", ...rest] = line.split(";").map((part) => part.trim());
  const at = pair.indexOf("=");
  const attributes = new Map(rest.map((part) => [part.split("=")[0]!.toLowerCase(), part.split("=").slice(1).join("=")] as const));
  return { name: pair.slice(0, at), value: pair.slice(at + 1), attributes };
}

/** A JWT padded to about `size` bytes, keeping its claims (real Cognito tokens are bigger than the emulator's). */
function padJwt(token: string, size: number): string {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  const missing = Math.max(0, Math.floor(((size - token.length) * 3) / 4) - 12);
  const padded = Buffer.from(JSON.stringify({ ...claims, pad: "x".repeat(missing) })).toString("base64url");
  return `${header}.${padded}.${signature}`;
}

describe("check 15: cookie attributes and sizes", () => {
  test("session cookies are __Host-, HttpOnly, Secure, SameSite=Lax, Path=/, no Domain, each under 4,096 bytes with real Cognito token sizes", async () => {
    // AWS sizes: access ≈1.1 KB, id ≈1.3 KB, refresh (a JWE) ≈1.8 KB. Rounded up for headroom.
    // With SRP the tokens come in the answer to PASSWORD_VERIFIER, not InitiateAuth's: pad whichever carries them.
    bench.proxy.setFault((call) =>
      call.operation === "InitiateAuth" || call.operation === "RespondToAuthChallenge"
        ? {
            rewrite: (body) => !body.AuthenticationResult ? body : ({
              ...body,
              AuthenticationResult: {
                ...body.AuthenticationResult,
                AccessToken: padJwt(body.AuthenticationResult.AccessToken, 1300),
                IdToken: padJwt(body.AuthenticationResult.IdToken, 1500),
                RefreshToken: `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${randomBytes(1500).toString("base64url")}`,
              },
            }),
          }
        : undefined,
    );
    let setCookies: string[];
    try {
      const result = await server.send("/auth/sign-in", { json: PLAIN });
      assert.equal(result.status, 200, result.text);
      setCookies = result.setCookies;
    } finally {
      bench.proxy.setFault(undefined);
    }
    const session = setCookies.map(parseSetCookie).filter((cookie) => cookie.value !== "");
    // The device cookie joins them when ConfirmDevice took the (padded) token; it is checked below like the rest.
    assert.deepEqual(session.map((cookie) => cookie.name).filter((name) => name !== "__Host-cmk-device").sort(), ["__Host-cmk-access", "__Host-cmk-id", "__Host-cmk-refresh"]);
    const sizes = session.map((cookie) => cookie.value.length);
    assert.ok(sizes[2]! >= 2000, "the refresh cookie carries a realistic token");
    for (const line of setCookies) {
      const cookie = parseSetCookie(line);
      assert.ok(Buffer.byteLength(line) < 4096, `${cookie.name} is ${Buffer.byteLength(line)} bytes`);
      assert.ok(cookie.attributes.has("httponly"), `${cookie.name} HttpOnly`);
      assert.ok(cookie.attributes.has("secure"), `${cookie.name} Secure`);
      assert.match(cookie.attributes.get("samesite") ?? "", /^(Lax|Strict)$/i, `${cookie.name} SameSite`);
      assert.equal(cookie.attributes.has("domain"), false, `${cookie.name} has no Domain`);
      if (cookie.name.startsWith("__Host-")) assert.equal(cookie.attributes.get("path"), "/");
    }
  });

  test("the challenge cookie holds only an opaque id, __Host- with Path=/ (no sibling can plant it), HttpOnly, Secure, SameSite", async () => {
    const box = new CookieBox();
    const from = bench.proxy.answers.length;
    await openSmsChallenge(server, bench, box);
    const line = server.responses.at(-1)!.setCookies.find((entry) => entry.startsWith("__Host-cmk-challenge="))!;
    const cookie = parseSetCookie(line);
    // The id (256 random bits) and the random key of this challenge's resend stash, nothing else.
    assert.match(cookie.value, /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/, "256 random bits and a 256-bit key, nothing else");
    // With SRP there are two Sessions (InitiateAuth's, then the verifier's): neither reaches the browser.
    const sessions = bench.proxy.answers.slice(from).map((entry) => entry.body.Session).filter((value): value is string => typeof value === "string");
    assert.ok(sessions.length >= 1);
    for (const cognitoSession of sessions) {
      assert.equal(line.includes(cognitoSession), false, "the Cognito Session never reaches the browser");
      assert.equal(server.responses.at(-1)!.text.includes(cognitoSession), false);
    }
    assert.equal(cookie.name, "__Host-cmk-challenge");
    assert.equal(cookie.attributes.get("path"), "/", "__Host- requires Path=/");
    assert.ok(Buffer.byteLength(line) < 4096);
    assert.ok(cookie.attributes.has("httponly") && cookie.attributes.has("secure"));
    assert.match(cookie.attributes.get("samesite") ?? "", /^(Lax|Strict)$/i);
    assert.equal(cookie.attributes.has("domain"), false);
    const maxAge = Number(cookie.attributes.get("max-age"));
    assert.ok(maxAge > 0 && maxAge <= 180, `lives no longer than the Cognito session (${maxAge}s)`);
  });
});

describe("check 35: a sibling subdomain cannot plant a challenge cookie", () => {
  // What a page on a sibling subdomain (or plain http on our host) can do: set a cookie for our
  // host with Domain= and any Path, but no `__Host-` one (the browser refuses that prefix with a
  // Domain, without Secure, or with a Path other than /). So what it can plant is an unprefixed
  // challenge cookie, holding a challenge the attacker opened.
  // The attacker's own account (login CSRF: the victim's browser would end up signed in as the attacker).
  async function plantedChallenge(): Promise<{ planted: string; code: string }> {
    const attacker = new CookieBox();
    const opened = attacker.take(await server.send("/auth/sign-in", { json: TOTP }));
    assert.equal(opened.json?.nextStep?.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE", opened.text);
    const name = attacker.names().find((cookie) => cookie.endsWith("-challenge"))!;
    return { planted: `cmk-challenge=${attacker.get(name)}`, code: bench.local.totpCode(TOTP.username) };
  }

  test("a planted challenge id is never answered, not even with its right code, and Cognito is not asked", async () => {
    const { planted, code } = await plantedChallenge();
    const responds = bench.proxy.count("RespondToAuthChallenge");
    const result = await server.send("/auth/confirm-sign-in", { json: { challengeResponse: code }, cookie: planted });
    assert.equal(result.status, 401);
    assert.equal(result.json.error.code, "CHALLENGE_EXPIRED");
    assert.equal(result.setCookies.some((line) => /-access=[^;]/.test(line)), false, "no session from a planted challenge");
    assert.equal(bench.proxy.count("RespondToAuthChallenge"), responds);
  });

  test("next to the victim's own challenge, the planted one is ignored: the victim's code answers the victim's challenge", async () => {
    const { planted } = await plantedChallenge();
    const victim = new CookieBox();
    const victimCode = await openSmsChallenge(server, bench, victim);
    // Browsers send the planted (older, same-length Path) cookie first.
    const result = await server.send("/auth/confirm-sign-in", { json: { challengeResponse: victimCode }, cookie: `${planted}; ${victim.header()}` });
    assert.equal(result.status, 200, result.text);
    assert.equal(result.json.nextStep.signInStep, "DONE");
  });
});

describe("check 16: cross-site requests are refused before Cognito", () => {
  const crossSite: Array<[string, Record<string, string>]> = [
    ["Origin: https://evil.example", { origin: "https://evil.example" }],
    ["Origin: null", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: cross-site with our own Origin", { "sec-fetch-site": "cross-site", origin: "__SELF__" }],
    ["an Origin that only starts like ours", { origin: "__SELF__.evil.example" }],
    ["a foreign Origin with a forged X-Forwarded-Host", { origin: "https://evil.example", "x-forwarded-host": "evil.example" }],
    ["an Origin that is not a URL", { origin: "evil" }],
  ];
  for (const [what, headers] of crossSite) {
    test(`${what} → 403 FORBIDDEN_ORIGIN on every route, zero Cognito calls`, async () => {
      const withSelf = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace("__SELF__", server.url)]));
      const box = new CookieBox();
      box.take(await server.send("/auth/sign-in", { json: PLAIN }));
      const calls = bench.proxy.count();
      for (const [path, json] of [
        ["/auth/sign-in", DEMO],
        ["/auth/confirm-sign-in", { challengeResponse: "123456" }],
        ["/auth/refresh", {}],
        ["/auth/sign-out", {}],
      ] as const) {
        const result = await server.send(path, { json, headers: withSelf, cookie: box.header() });
        assert.equal(result.status, 403, `${path}: ${result.text}`);
        assert.equal(result.json.error.code, "FORBIDDEN_ORIGIN");
        assert.equal(result.setCookies.length, 0, "nothing is set or cleared");
      }
      assert.equal(bench.proxy.count(), calls, "Cognito is not called");
      assert.equal((await server.send("/auth/session", { cookie: box.header() })).status, 200, "the forged sign-out did not end the session");
    });
  }

  test("same-origin and configured origins pass", async () => {
    const allowed: Array<Record<string, string>> = [
      { origin: server.url },
      { origin: server.url, "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "none" },
      { origin: "http://localhost:5173", "sec-fetch-site": "same-site" },
      {},
    ];
    for (const headers of allowed) {
      const result = await server.send("/auth/sign-in", { json: PLAIN, headers });
      assert.equal(result.status, 200, `${JSON.stringify(headers)} → ${result.text}`);
    }
  });

  test("a cross-site answer to an open challenge is refused and leaves it open", async () => {
    const box = new CookieBox();
    const code = await openSmsChallenge(server, bench, box);
    const forged = await server.send("/auth/confirm-sign-in", { json: { challengeResponse: code }, cookie: box.header(), headers: { origin: "https://evil.example" } });
    assert.equal(forged.status, 403);
    assert.equal((await answer(server, box, code)).json.nextStep.signInStep, "DONE");
  });
});
