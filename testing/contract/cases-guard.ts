import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEMO, PLAIN, startQuietLocalCognito } from "../support/cognito-fixture.js";
import { assertError, assertSession, COOKIE, setCookieFor, signInPlain, signInWithSms } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";
import { AuthOptionsError } from "../../middleware/core/options.js";

/** requireAuth on the host app's own routes. */
export function guardCases(env: ContractEnv): void {
  describe("requireAuth", () => {
    test("a guarded route answers 401 NOT_SIGNED_IN before sign-in", async () => {
      assertError(await env.client().get("/api/me"), "NOT_SIGNED_IN");
    });

    test("after sign-in the guarded route sees the verified user (req.user / ctx.state.user)", async () => {
      const client = env.client();
      const done = await signInWithSms(client, env.local, DEMO);
      const response = await client.get("/api/me");
      assert.equal(response.status, 200);
      assert.deepEqual(response.body.user, { sub: done.body.user.sub, username: DEMO.username, email: DEMO.username });
    });

    const exported = env.target.exportedRequireAuth as ((auth?: unknown) => unknown) | undefined;
    if (exported) {
      test("the exported requireAuth needs the auth passed: without it, it throws at start-up saying what to pass", () => {
        assert.throws(() => exported(), (error: Error) => error instanceof AuthOptionsError && /requireauth\(auth/i.test(error.message));
        assert.throws(() => exported({ cognito: {} }), AuthOptionsError);
      });

      test("requireAuth(auth) guards like auth.requireAuth()", async () => {
        const client = env.client();
        assertError(await client.get("/api/me-default"), "NOT_SIGNED_IN");
        await signInPlain(client, PLAIN);
        const response = await client.get("/api/me-default");
        assert.equal(response.status, 200);
        assert.equal(response.body.user.username, PLAIN.username);
      });
    }

    test("an API client may send the access token as a Bearer token", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const bearer = env.client();
      const response = await bearer.get("/api/me", { headers: { authorization: `Bearer ${client.cookie(COOKIE.access)}` } });
      assert.equal(response.status, 200);
      assert.equal(response.body.user.username, PLAIN.username);
    });

    test("what one handler changes on the user stays with its request: the next request with the token is told the verified claims", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const before = await client.get("/api/me");
      const tampered = await client.get("/api/tamper");
      assert.equal(tampered.status, 200);
      assert.equal(tampered.body.user.email, "changed@evil.example", "the handler's own copy is its to change");
      assert.equal(tampered.body.claimsUsername, PLAIN.username, "the verified claims are frozen");
      assert.deepEqual((await client.get("/api/me")).body, before.body, "the next request is told the verified claims");
      const again = await client.get("/api/tamper");
      assert.equal(again.body.claimsUsername, PLAIN.username, "a second handler starts from the verified claims too");
      assertError(await client.get("/api/admin"), "FORBIDDEN");
    });

    test("a token the guard has passed (and cached) is refused at once after sign-out, as a cookie and as a Bearer token", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const bearer = { headers: { authorization: `Bearer ${client.cookie(COOKIE.access)}` } };
      const accessOnly = { headers: { cookie: `${COOKIE.access}=${client.cookie(COOKIE.access)}` } };
      for (let i = 0; i < 3; i++) {
        assert.equal((await env.client().get("/api/me", bearer)).status, 200);
        assert.equal((await env.client().get("/api/me", accessOnly)).status, 200);
      }
      assert.equal((await client.post("/auth/sign-out", {})).status, 204);
      assertError(await env.client().get("/api/me", bearer), "NOT_SIGNED_IN");
      assertError(await env.client().get("/api/me", accessOnly), "NOT_SIGNED_IN");
    });

    test("a forged or garbled access token is 401 NOT_SIGNED_IN", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const [header, payload] = client.cookie(COOKIE.access)!.split(".");
      const forged = `${header}.${payload}.${"A".repeat(342)}`;
      for (const token of [forged, "garbage", ""]) {
        assertError(await env.client().get("/api/me", { headers: { cookie: `${COOKIE.access}=${token}` } }), "NOT_SIGNED_IN");
      }
    });

    test("an ID token re-encoded with another e-mail, or unsigned, is not believed: the e-mail is left out", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const [header, payload, signature] = client.cookie(COOKIE.id)!.split(".");
      const claims = { ...JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")), email: "attacker@evil.example" };
      const forgedPayload = Buffer.from(JSON.stringify(claims)).toString("base64url");
      const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
      const cookies = `${COOKIE.access}=${client.cookie(COOKIE.access)}`;
      for (const idToken of [`${header}.${forgedPayload}.${signature}`, `${none}.${forgedPayload}.`]) {
        for (const path of ["/api/me", "/auth/session"]) {
          const response = await env.client().get(path, { headers: { cookie: `${cookies}; ${COOKIE.id}=${idToken}` } });
          assert.equal(response.status, 200, JSON.stringify(response.body));
          assert.equal(response.body.user.username, PLAIN.username);
          assert.equal(response.body.user.email ?? null, null, `${path}: ${JSON.stringify(response.body)}`);
        }
      }
    });

    test("made-up access tokens past the per-IP bad-token limit → 429 RATE_LIMITED with Retry-After; a real session still passes", async () => {
      await env.withServer(env.options({ limits: { badTokensPerIp: { points: 2, durationSeconds: 60 } } }), async (server) => {
        const madeUp = () => ({ headers: { cookie: `${COOKIE.access}=eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: "x", exp: 4102444800 })).toString("base64url")}.` } });
        assertError(await env.client(server).get("/api/me", madeUp()), "NOT_SIGNED_IN");
        assertError(await env.client(server).get("/api/me", madeUp()), "NOT_SIGNED_IN");
        const limited = await env.client(server).get("/api/me", madeUp());
        assertError(limited, "RATE_LIMITED");
        assert.ok(Number(limited.headers.get("retry-after")) >= 1);
        const client = env.client(server);
        await signInPlain(client, PLAIN);
        assert.equal((await client.get("/api/me")).status, 200);
      });
    });

    test("redirectTo sends a signed-out page load to the login page (303), but API calls still get 401", async () => {
      const client = env.client();
      const page = await client.get("/page", { headers: { accept: "text/html,application/xhtml+xml" } });
      assert.equal(page.status, 303);
      assert.equal(page.headers.get("location"), "/login");
      assertError(await client.get("/page", { headers: { accept: "application/json" } }), "NOT_SIGNED_IN");
      await signInPlain(client, PLAIN);
      const signedIn = await client.get("/page", { headers: { accept: "text/html" } });
      assert.equal(signedIn.status, 200);
      assert.match(signedIn.body, /members only/);
    });

    test("an expired access token is refreshed transparently (requireAuth and /session), and without a refresh token it is 401", async () => {
      // aws-jwt-verify checks `exp` against real time, so the tokens really are short-lived here.
      const local = await startQuietLocalCognito({ accessTokenValiditySeconds: 2 });
      try {
        await env.withServer(env.options({}, local), async (server) => {
          const guarded = env.client(server);
          const session = env.client(server);
          const noRefresh = env.client(server);
          await signInPlain(guarded, PLAIN);
          await signInWithSms(session, local, DEMO);
          await signInPlain(noRefresh, PLAIN);
          for (const key of [...noRefresh.jar.keys()]) if (key.startsWith(`${COOKIE.refresh};`)) noRefresh.jar.delete(key);
          const oldAccess = guarded.cookie(COOKIE.access);
          // Served once before it expires, so what decides after is the guard's cache of it.
          assert.equal((await guarded.get("/api/me")).status, 200);
          await new Promise((resolve) => setTimeout(resolve, 3000));

          const me = await guarded.get("/api/me");
          assert.equal(me.status, 200, JSON.stringify(me.body));
          assert.equal(me.body.user.username, PLAIN.username);
          assert.ok(setCookieFor(me, COOKIE.access), "new token cookies ride along with the host's answer");
          assert.notEqual(guarded.cookie(COOKIE.access), oldAccess);
          assert.equal((await guarded.get("/api/me")).status, 200, "the new cookie works on its own");

          const refreshed = await session.get("/auth/session");
          assertSession(refreshed, DEMO.username);
          assert.ok(setCookieFor(refreshed, COOKIE.access));

          assertError(await noRefresh.get("/api/me"), "NOT_SIGNED_IN");
        });
      } finally {
        await local.stop();
      }
    });
  });
}
