import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PLAIN, SETUP, wrongCodeFor } from "../support/cognito-fixture.js";
import { assertDone, assertError, assertStep, COOKIE, setCookieFor } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";
import { parseSetCookie, type TestClient } from "./test-client.js";

const RESET = { username: "reset@example.com", password: "Reset-Passw0rd!" } as const;
const UNCONFIRMED = { username: "unconfirmed@example.com", password: "Unconfirmed-Passw0rd!" } as const;
const PASSWORDLESS = { username: "passwordless@example.com", password: "Passwordless-Passw0rd!" } as const;

/** The steps issue 13 added: account steps, MFA set-up with e-mail, and USER_AUTH's first factors. */
export function newStepCases(env: ContractEnv): void {
  describe("new steps", () => {
    for (const [user, step] of [
      [RESET, "RESET_PASSWORD"],
      [UNCONFIRMED, "CONFIRM_SIGN_UP"],
    ] as const) {
      test(`${step}: 200 with isSignedIn false and no challenge left open (no cookie, nothing to confirm)`, async () => {
        const client = env.client();
        // A challenge this browser had open is replaced (closed) by the new sign-in.
        assertStep(await client.post("/auth/sign-in", SETUP), "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
        const response = await client.post("/auth/sign-in", user);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual(response.body, { isSignedIn: false, nextStep: { signInStep: step } });
        const cleared = setCookieFor(response, COOKIE.challenge);
        assert.ok(cleared && parseSetCookie(cleared).expired, "the challenge cookie is cleared");
        assert.equal(client.cookie(COOKIE.challenge), undefined);
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: "123456" }), "CHALLENGE_EXPIRED");
        assertError(await client.post("/auth/resend-code"), "CHALLENGE_EXPIRED");
      });
    }

    test("RESET_PASSWORD only after the right password: a wrong one is NOT_AUTHORIZED", async () => {
      assertError(await env.client().post("/auth/sign-in", { ...RESET, password: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
    });

    test("MFA set-up selection → e-mail: the address step, then the e-mailed code signs in (a bad address costs nothing)", async () => {
      await env.local.resetUser(SETUP.username);
      try {
        const client = env.client();
        const selection = assertStep(await client.post("/auth/sign-in", SETUP), "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
        assert.deepEqual(selection.allowedMFATypes, ["TOTP", "EMAIL"]);
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: "SMS" }), "INVALID_REQUEST");
        assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "EMAIL" }), "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP");
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: "not-an-address" }), "INVALID_REQUEST");
        const sent = env.local.codes.countFor(SETUP.username);
        const code = assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "setup.mail@example.com" }), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
        assert.equal(code.codeDeliveryDetails.deliveryMedium, "EMAIL");
        assert.equal(env.local.codes.countFor(SETUP.username), sent + 1);
        const mailed = await env.local.codes.nextCode(SETUP.username);
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(mailed) }), "CODE_MISMATCH");
        const done = await client.post("/auth/confirm-sign-in", { challengeResponse: mailed });
        assert.equal(done.status, 200, JSON.stringify(done.body));
        assert.equal(done.body.nextStep.signInStep, "DONE");
        assert.equal(done.body.user.email, "setup.mail@example.com", "the address set up for MFA");
      } finally {
        await env.local.resetUser(SETUP.username);
      }
    });

    test("naming the e-mail address takes a code from the account's codes-sent budget (RATE_LIMITED past it, no e-mail)", async () => {
      await env.local.resetUser(SETUP.username);
      try {
        await env.withServer(env.options({ limits: { codesSentPerAccount: { points: 1, durationSeconds: 3600 } } }), async (server) => {
          const open = async (client: TestClient) => {
            assertStep(await client.post("/auth/sign-in", SETUP), "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
            assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "EMAIL" }), "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP");
          };
          // Both sign-ins reach the address step first: nothing has been sent yet.
          const first = env.client(server);
          const second = env.client(server);
          await open(first);
          await open(second);
          assertStep(await first.post("/auth/confirm-sign-in", { challengeResponse: "setup.mail@example.com" }), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
          await env.local.codes.nextCode(SETUP.username);
          const sent = env.local.codes.countFor(SETUP.username);
          assertError(await second.post("/auth/confirm-sign-in", { challengeResponse: "setup.mail@example.com" }), "RATE_LIMITED");
          assert.equal(env.local.codes.countFor(SETUP.username), sent, "no e-mail was sent past the budget");
        });
      } finally {
        await env.local.resetUser(SETUP.username);
      }
    });

    describe("USER_AUTH", () => {
      const userAuth = () => env.options({ authFlow: "USER_AUTH" });

      test("no password and no preference: the first-factor selection; PASSWORD then the password signs in", async () => {
        await env.withServer(userAuth(), async (server) => {
          const client = env.client(server);
          const selection = assertStep(await client.post("/auth/sign-in", { username: PLAIN.username }), "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
          assert.ok(selection.availableChallenges.includes("PASSWORD"));
          assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: "CARRIER_PIGEON" }), "INVALID_REQUEST");
          assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "PASSWORD" }), "CONFIRM_SIGN_IN_WITH_PASSWORD");
          assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
          // A wrong password ends that sign-in; the next one with PASSWORD_SRP signs in.
          assertStep(await client.post("/auth/sign-in", { username: PLAIN.username }), "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
          assertStep(await client.post("/auth/confirm-sign-in", { challengeResponse: "PASSWORD_SRP" }), "CONFIRM_SIGN_IN_WITH_PASSWORD");
          assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: PLAIN.password }), PLAIN.username);
        });
      });

      test("a password alone signs in (PASSWORD_SRP), and preferredChallenge PASSWORD too", async () => {
        await env.withServer(userAuth(), async (server) => {
          assertDone(await env.client(server).post("/auth/sign-in", PLAIN), PLAIN.username);
          assertDone(await env.client(server).post("/auth/sign-in", { ...PLAIN, preferredChallenge: "PASSWORD" }), PLAIN.username);
        });
      });

      for (const [factor, step, medium] of [
        ["EMAIL_OTP", "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", "EMAIL"],
        ["SMS_OTP", "CONFIRM_SIGN_IN_WITH_SMS_CODE", "SMS"],
      ] as const) {
        test(`passwordless ${factor}: preferred, or chosen at the selection, the code signs in`, async () => {
          await env.withServer(userAuth(), async (server) => {
            const direct = env.client(server);
            const opened = assertStep(await direct.post("/auth/sign-in", { username: PASSWORDLESS.username, preferredChallenge: factor }), step);
            assert.equal(opened.codeDeliveryDetails.deliveryMedium, medium);
            assertDone(await direct.post("/auth/confirm-sign-in", { challengeResponse: await env.local.codes.nextCode(PASSWORDLESS.username) }), PASSWORDLESS.username);

            const chooser = env.client(server);
            assertStep(await chooser.post("/auth/sign-in", { username: PASSWORDLESS.username }), "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
            assertStep(await chooser.post("/auth/confirm-sign-in", { challengeResponse: factor }), step);
            assertDone(await chooser.post("/auth/confirm-sign-in", { challengeResponse: await env.local.codes.nextCode(PASSWORDLESS.username) }), PASSWORDLESS.username);
          });
        });
      }
    });
  });
}
