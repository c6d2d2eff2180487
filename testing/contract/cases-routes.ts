import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEMO, PLAIN, wrongCodeFor } from "../support/cognito-fixture.js";
import { assertDone, assertError, assertSession, assertStep, COOKIE, setCookieFor, signInPlain, signInWithSms } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";
import { parseSetCookie } from "./test-client.js";

/** Every route of the contract, once, with the local Cognito behind it. */
export function routeCases(env: ContractEnv): void {
  describe("routes", () => {
    test("POST /auth/sign-in signs a user without MFA in at once (DONE, user, session cookies)", async () => {
      const client = env.client();
      const response = await signInPlain(client, PLAIN);
      assert.ok(setCookieFor(response, COOKIE.access));
      assert.ok(setCookieFor(response, COOKIE.id));
      assert.ok(setCookieFor(response, COOKIE.refresh));
      assert.equal(response.body.tokens, undefined, "no tokens in the body in cookie mode");
    });

    test("POST /auth/sign-in for an SMS user opens the SMS step with the masked phone and expiresAt", async () => {
      const client = env.client();
      const step = assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.deepEqual(step.codeDeliveryDetails, { deliveryMedium: "SMS", destination: "+*******0100" });
      assert.ok(Date.parse(step.expiresAt) <= Date.now() + 181_000, "expiresAt within Cognito's 3 minutes");
      // The opaque id, and the random key that opens this challenge's resend stash (never in the store).
      assert.match(client.cookie(COOKIE.challenge) ?? "", /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/, "an opaque challenge id and stash key, nothing else");
      await env.local.codes.nextCode(DEMO.username);
    });

    test("POST /auth/confirm-sign-in with the right SMS code signs in", async () => {
      const client = env.client();
      await signInWithSms(client, env.local, DEMO);
      assert.ok(client.cookie(COOKIE.access));
      assert.equal(client.cookie(COOKIE.challenge), undefined, "the challenge cookie is cleared at DONE");
    });

    test("a wrong code is CODE_MISMATCH with attemptsLeft, and the right code still works afterwards", async () => {
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      const code = await env.local.codes.nextCode(DEMO.username);
      const wrong = await client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(code) });
      assertError(wrong, "CODE_MISMATCH");
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error.attemptsLeft, 4);
      const again = await client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(code) });
      assert.equal(again.body.error.attemptsLeft, 3, "each wrong code costs one attempt");
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: code }), DEMO.username);
    });

    test("a challenge answered correctly cannot be answered again (CHALLENGE_EXPIRED)", async () => {
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      const replay = client.clone();
      const code = await env.local.codes.nextCode(DEMO.username);
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: code }), DEMO.username);
      assertError(await replay.post("/auth/confirm-sign-in", { challengeResponse: code }), "CHALLENGE_EXPIRED");
    });

    test("signing in again replaces the open challenge (how a new code is sent): the old one is closed", async () => {
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      await env.local.codes.nextCode(DEMO.username);
      const first = client.clone();
      assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      const code = await env.local.codes.nextCode(DEMO.username);
      assertError(await first.post("/auth/confirm-sign-in", { challengeResponse: code }), "CHALLENGE_EXPIRED");
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: code }), DEMO.username);
    });

    test("opening a challenge ends the session this browser had (nobody is signed in mid-challenge)", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const open = await client.post("/auth/sign-in", DEMO);
      assertStep(open, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      await env.local.codes.nextCode(DEMO.username);
      assert.ok(parseSetCookie(setCookieFor(open, COOKIE.access) ?? "x=y; Max-Age=1").expired, "the access cookie is cleared");
      assertError(await client.get("/auth/session"), "NOT_SIGNED_IN");
    });

    test("GET /auth/session answers the Session of the signed-in user", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const response = await client.get("/auth/session");
      assertSession(response, PLAIN.username);
      assert.equal(response.body.user.email, PLAIN.username);
      assert.deepEqual(Object.keys(response.body).sort(), ["expiresAt", "isSignedIn", "user"]);
    });

    test("GET /auth/session without a session is 401 NOT_SIGNED_IN", async () => {
      assertError(await env.client().get("/auth/session"), "NOT_SIGNED_IN");
    });

    test("POST /auth/refresh answers a Session and sets new token cookies", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const before = client.cookie(COOKIE.access);
      // Cognito stamps tokens to the second; a new one must differ from the old.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const response = await client.post("/auth/refresh");
      assertSession(response, PLAIN.username);
      const access = setCookieFor(response, COOKIE.access);
      assert.ok(access, "a new access token cookie");
      assert.ok(setCookieFor(response, COOKIE.id), "a new ID token cookie");
      assert.notEqual(parseSetCookie(access).value, before);
      assertSession(await client.get("/auth/session"), PLAIN.username);
    });

    test("POST /auth/refresh with an empty JSON object works like no body", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      assertSession(await client.post("/auth/refresh", {}), PLAIN.username);
    });

    test("POST /auth/refresh without a session is 401 NOT_SIGNED_IN", async () => {
      assertError(await env.client().post("/auth/refresh"), "NOT_SIGNED_IN");
    });

    test("POST /auth/refresh with a refresh token Cognito refuses is 401 NOT_SIGNED_IN and clears the cookies", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const key = `${COOKIE.refresh};/`;
      client.jar.set(key, { ...client.jar.get(key)!, value: "not-a-refresh-token" });
      const response = await client.post("/auth/refresh");
      assertError(response, "NOT_SIGNED_IN");
      assert.ok(parseSetCookie(setCookieFor(response, COOKIE.refresh) ?? "x=y; Max-Age=1").expired, "the refresh cookie is cleared");
    });

    test("GET /auth/session with only the refresh cookie left refreshes and sets the access cookie again", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      client.jar.delete(`${COOKIE.access};/`);
      const response = await client.get("/auth/session");
      assertSession(response, PLAIN.username);
      assert.ok(setCookieFor(response, COOKIE.access));
      assert.ok(client.cookie(COOKIE.access));
    });

    test("POST /auth/sign-out answers 204, clears the cookies, and the old cookies no longer sign anyone in", async () => {
      const client = env.client();
      await signInWithSms(client, env.local, DEMO);
      const stolen = client.clone();
      const response = await client.post("/auth/sign-out");
      assert.equal(response.status, 204);
      assert.equal(response.body, null);
      assert.equal(response.headers.get("cache-control"), "no-store");
      for (const name of [COOKIE.access, COOKIE.id, COOKIE.refresh]) {
        const header = setCookieFor(response, name);
        assert.ok(header && parseSetCookie(header).expired, `${name} is cleared`);
      }
      // Only the remembered device outlives the session (it signs nobody in by itself).
      assert.deepEqual([...client.jar.values()].map((cookie) => cookie.name), [COOKIE.device]);
      assertError(await client.get("/auth/session"), "NOT_SIGNED_IN");
      assertError(await stolen.get("/auth/session"), "NOT_SIGNED_IN");
      assertError(await stolen.post("/auth/refresh"), "NOT_SIGNED_IN");
      assertError(await stolen.get("/api/me"), "NOT_SIGNED_IN");
    });

    test("POST /auth/sign-out with {global: true} signs out too", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      const stolen = client.clone();
      assert.equal((await client.post("/auth/sign-out", { global: true })).status, 204);
      assertError(await stolen.post("/auth/refresh"), "NOT_SIGNED_IN");
    });

    test("POST /auth/sign-out without a session still answers 204", async () => {
      assert.equal((await env.client().post("/auth/sign-out")).status, 204);
    });

    test("an unknown path under /auth is a JSON 404, not the host app's", async () => {
      const response = await env.client().get("/auth/nope");
      assertError(response, "NOT_FOUND");
    });
  });
}
