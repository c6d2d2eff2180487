import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CHOICE, MAIL, NEWPASS, SETUP, TOTP, wrongCodeFor } from "../support/cognito-fixture.js";
import { assertDone, assertError, assertSession, assertStep, COOKIE } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";

/** Every step the local Cognito can produce, answered through the HTTP routes. */
export function stepCases(env: ContractEnv): void {
  describe("steps", () => {
    test("TOTP: the step asks for the authenticator code and the current code signs in", async () => {
      const client = env.client();
      const step = assertStep(await client.post("/auth/sign-in", TOTP), "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
      assert.equal(step.codeDeliveryDetails, undefined, "nothing is sent for TOTP");
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: env.local.totpCode(TOTP.username) }), TOTP.username);
      assertSession(await client.get("/auth/session"), TOTP.username);
    });

    test("e-mail MFA: the step names the masked address; a wrong code costs an attempt, the e-mailed one signs in", async () => {
      const client = env.client();
      const step = assertStep(await client.post("/auth/sign-in", MAIL), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
      assert.deepEqual(step.codeDeliveryDetails, { deliveryMedium: "EMAIL", destination: "m***@e***" });
      const code = await env.local.codes.nextCode(MAIL.username);
      const wrong = await client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(code) });
      assertError(wrong, "CODE_MISMATCH");
      assert.equal(wrong.body.error.attemptsLeft, 4);
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: code }), MAIL.username);
    });

    test("TOTP set-up: the secret and otpauth URI are shown, and the app's first code signs in", async () => {
      await env.local.resetUser(SETUP.username);
      const client = env.client();
      const choice = assertStep(await client.post("/auth/sign-in", SETUP), "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
      assert.ok(choice.allowedMFATypes.includes("TOTP"));
      const step = assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "TOTP" }), "CONTINUE_SIGN_IN_WITH_TOTP_SETUP");
      const secret: string = step.totpSetupDetails.sharedSecret;
      assert.match(step.totpSetupDetails.setupUri, new RegExp(`^otpauth://totp/.+\\?secret=${secret}&issuer=`));
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: env.local.totpCodeForSecret(secret) }), SETUP.username);
      await env.local.resetUser(SETUP.username);
    });

    test("MFA selection: choosing SMS opens the SMS step (new challenge cookie) and its code signs in", async () => {
      const client = env.client();
      const select = assertStep(await client.post("/auth/sign-in", CHOICE), "CONTINUE_SIGN_IN_WITH_MFA_SELECTION");
      assert.deepEqual([...select.allowedMFATypes].sort(), ["SMS", "TOTP"]);
      const firstId = client.cookie(COOKIE.challenge);
      const sms = assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "SMS" }), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.deepEqual(sms.codeDeliveryDetails, { deliveryMedium: "SMS", destination: "+*******0111" });
      assert.ok(client.cookie(COOKIE.challenge));
      assert.notEqual(client.cookie(COOKIE.challenge), firstId, "each step gets a fresh id");
      const code = await env.local.codes.nextCode(CHOICE.username);
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: code }), CHOICE.username);
    });

    test("MFA selection: a type that is not offered is INVALID_REQUEST and the choice stays open", async () => {
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", CHOICE), "CONTINUE_SIGN_IN_WITH_MFA_SELECTION");
      assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: "CARRIER_PIGEON" }), "INVALID_REQUEST");
      assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "TOTP" }), "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    });

    test("new password: a weak one is INVALID_PASSWORD (challenge stays open), a good one signs in", async () => {
      await env.local.resetUser(NEWPASS.username);
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", NEWPASS), "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED");
      assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: "weak" }), "INVALID_PASSWORD");
      assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: "Brand-New-Passw0rd!" }), NEWPASS.username);
      assertSession(await client.get("/auth/session"), NEWPASS.username);
      await env.local.resetUser(NEWPASS.username);
    });
  });
}
