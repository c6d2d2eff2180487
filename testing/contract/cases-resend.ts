import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CHOICE, DEMO, MAIL, TOTP } from "../support/cognito-fixture.js";
import { MemoryChallengeStore } from "../../middleware/stores/memory-challenge-store.js";
import { assertDone, assertError, assertStep, COOKIE } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";

/** POST /auth/resend-code: a new code for the open SMS / e-mail step, without the page keeping the password. */
export function resendCases(env: ContractEnv): void {
  describe("resend-code", () => {
    test("SMS: a new code and a new expiresAt; the old code is refused, the new one signs in", async () => {
      const client = env.client();
      const first = assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      const oldCode = await env.local.codes.nextCode(DEMO.username);
      const oldCookie = client.cookie(COOKIE.challenge);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const again = assertStep(await client.post("/auth/resend-code"), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.deepEqual(again.codeDeliveryDetails, first.codeDeliveryDetails);
      assert.ok(Date.parse(again.expiresAt) > Date.parse(first.expiresAt), "a new expiry");
      assert.notEqual(client.cookie(COOKIE.challenge), oldCookie, "a new challenge id");
      const newCode = await env.local.codes.nextCode(DEMO.username);
      assert.notEqual(newCode, oldCode);
      assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: oldCode }), "CODE_MISMATCH");
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: newCode }), DEMO.username);
    });

    test("the old challenge cookie no longer answers anything after a resend", async () => {
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      await env.local.codes.nextCode(DEMO.username);
      const before = client.clone();
      assertStep(await client.post("/auth/resend-code"), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      const code = await env.local.codes.nextCode(DEMO.username);
      assertError(await before.post("/auth/confirm-sign-in", { challengeResponse: code }), "CHALLENGE_EXPIRED");
      assertError(await before.post("/auth/resend-code"), "CHALLENGE_EXPIRED");
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: code }), DEMO.username);
    });

    test("e-mail MFA: resend sends a new e-mailed code", async () => {
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", MAIL), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
      await env.local.codes.nextCode(MAIL.username);
      const sent = env.local.codes.countFor(MAIL.username);
      assertStep(await client.post("/auth/resend-code", {}), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
      assert.equal(env.local.codes.countFor(MAIL.username), sent + 1);
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: await env.local.codes.nextCode(MAIL.username) }), MAIL.username);
    });

    test("after choosing SMS at the MFA selection, a resend lands on the SMS step again", async () => {
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", CHOICE), "CONTINUE_SIGN_IN_WITH_MFA_SELECTION");
      assertError(await client.post("/auth/resend-code"), "CHALLENGE_EXPIRED");
      assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "SMS" }), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      await env.local.codes.nextCode(CHOICE.username);
      assertStep(await client.post("/auth/resend-code"), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: await env.local.codes.nextCode(CHOICE.username) }), CHOICE.username);
    });

    test("USER_AUTH: a passwordless e-mail code chosen at the first-factor selection is resent, and a password given at CONFIRM_SIGN_IN_WITH_PASSWORD carries on to the SMS step's resend", async () => {
      await env.withServer(env.options({ authFlow: "USER_AUTH" }), async (server) => {
        const passwordless = { username: "passwordless@example.com" };
        const client = env.client(server);
        assertStep(await client.post("/auth/sign-in", passwordless), "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
        assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "EMAIL_OTP" }), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
        const first = await env.local.codes.nextCode(passwordless.username);
        assertStep(await client.post("/auth/resend-code"), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
        const second = await env.local.codes.nextCode(passwordless.username);
        assert.notEqual(second, first);
        assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: second }), passwordless.username);

        const sms = env.client(server);
        assertStep(await sms.post("/auth/sign-in", { username: DEMO.username }), "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
        assertStep(await sms.post("/auth/confirm-sign-in", { challengeResponse: "PASSWORD_SRP" }), "CONFIRM_SIGN_IN_WITH_PASSWORD");
        assertStep(await sms.post("/auth/confirm-sign-in", { challengeResponse: DEMO.password }), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        await env.local.codes.nextCode(DEMO.username);
        assertStep(await sms.post("/auth/resend-code"), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        assertDone(await sms.post("/auth/confirm-sign-in", { challengeResponse: await env.local.codes.nextCode(DEMO.username) }), DEMO.username);
      });
    });

    test("no open code step: CHALLENGE_EXPIRED (no challenge, a TOTP step, a made-up cookie)", async () => {
      assertError(await env.client().post("/auth/resend-code"), "CHALLENGE_EXPIRED");
      const totp = env.client();
      assertStep(await totp.post("/auth/sign-in", TOTP), "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
      assertError(await totp.post("/auth/resend-code"), "CHALLENGE_EXPIRED");
      // The TOTP step is still open: the refusal cost it nothing.
      assertDone(await totp.post("/auth/confirm-sign-in", { challengeResponse: env.local.totpCode(TOTP.username) }), TOTP.username);
      const forged = env.client();
      forged.jar.set(`${COOKIE.challenge};/`, { name: COOKIE.challenge, value: `${"A".repeat(43)}.${"B".repeat(43)}`, path: "/" });
      assertError(await forged.post("/auth/resend-code"), "CHALLENGE_EXPIRED");
    });

    test("the challenge id without its key cannot resend (the key opens the stash), and the step stays open", async () => {
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      const code = await env.local.codes.nextCode(DEMO.username);
      const full = client.cookie(COOKIE.challenge)!;
      const [id] = full.split(".");
      const keyless = env.client();
      keyless.jar.set(`${COOKIE.challenge};/`, { name: COOKIE.challenge, value: `${id}.${"A".repeat(43)}`, path: "/" });
      const sent = env.local.codes.countFor(DEMO.username);
      assertError(await keyless.post("/auth/resend-code"), "CHALLENGE_EXPIRED");
      assert.equal(env.local.codes.countFor(DEMO.username), sent, "no code was sent");
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: code }), DEMO.username);
    });

    test("resends count against the account's codes-sent budget: RATE_LIMITED past it, before Cognito sends anything", async () => {
      await env.withServer(env.options({ limits: { codesSentPerAccount: { points: 3, durationSeconds: 3600 } } }), async (server) => {
        const client = env.client(server);
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        let code = await env.local.codes.nextCode(DEMO.username);
        for (let i = 0; i < 2; i += 1) {
          assertStep(await client.post("/auth/resend-code"), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
          code = await env.local.codes.nextCode(DEMO.username);
        }
        const sent = env.local.codes.countFor(DEMO.username);
        assertError(await client.post("/auth/resend-code"), "RATE_LIMITED");
        assert.equal(env.local.codes.countFor(DEMO.username), sent, "no code past the budget");
        // A new sign-in is refused too: the budget is the account's, not the challenge's.
        assertError(await env.client(server).post("/auth/sign-in", DEMO), "RATE_LIMITED");
        // The open step still takes the last code.
        assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: code }), DEMO.username);
      });
    });

    test("body transport: the challengeToken resends, and the new token answers", async () => {
      await env.withServer(env.options({ tokenTransport: "body" }), async (server) => {
        const client = env.client(server);
        const open = await client.post("/auth/sign-in", DEMO);
        assertStep(open, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        await env.local.codes.nextCode(DEMO.username);
        assertError(await client.post("/auth/resend-code", {}), "CHALLENGE_EXPIRED");
        const again = await client.post("/auth/resend-code", { challengeToken: open.body.challengeToken });
        assertStep(again, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        assert.notEqual(again.body.challengeToken, open.body.challengeToken);
        const code = await env.local.codes.nextCode(DEMO.username);
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: code, challengeToken: open.body.challengeToken }), "CHALLENGE_EXPIRED");
        const done = await client.post("/auth/confirm-sign-in", { challengeResponse: code, challengeToken: again.body.challengeToken });
        assert.equal(done.body.nextStep.signInStep, "DONE");
      });
    });

    test("a dump of the memory store holds no password in any readable form, and the stash is gone at DONE and at a new sign-in", async () => {
      const store = new MemoryChallengeStore();
      await env.withServer(env.options({ challengeStore: store }), async (server) => {
        const client = env.client(server);
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        await env.local.codes.nextCode(DEMO.username);
        const key = client.cookie(COOKIE.challenge)!.split(".")[1]!;
        const dump = JSON.stringify([...(store as unknown as { entries: Map<string, unknown> }).entries]);
        assert.match(dump, /"resend":"v1\./, "a sealed stash is there");
        for (const form of readableForms(DEMO.password)) assert.ok(!dump.includes(form), `no ${form} in the store`);
        assert.ok(!dump.includes(key), "the stash key is not in the store");
        // A new sign-in replaces it; DONE removes it.
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        assert.equal(await store.size(), 1);
        assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: await env.local.codes.nextCode(DEMO.username) }), DEMO.username);
        assert.equal(await store.size(), 0);
      });
      await store.close?.();
    });
  });
}

/** The password as typed, in base64, base64url, hex and UTF-16: none may appear in a dump. */
export function readableForms(password: string): string[] {
  const bytes = Buffer.from(password, "utf8");
  return [password, bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex"), Buffer.from(password, "utf16le").toString("base64"), JSON.stringify(password).slice(1, -1)];
}
