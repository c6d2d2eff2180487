import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CHOICE, DEMO, MAIL, NEWPASS, PLAIN, SETUP, TOTP, startQuietLocalCognito, wrongCodeFor } from "../support/cognito-fixture.js";
import type { AuthError } from "../../shared/errors/auth-error.js";
import type { LocalCognito } from "../../shared/local-cognito/local-cognito.js";
import { ManualClock } from "../../shared/runtime/clock.js";
import type { KeychainStatus } from "../../desktop/main/keychain/keychain-vault.js";
import { desktopHarness, type DesktopHarness } from "./desktop-harness.js";
import type { SignInResult } from "../../desktop/main/auth-state.js";
import type { StepDetails } from "../../shared/flow/steps.js";

const RESET = { username: "reset@example.com", password: "Reset-Passw0rd!" } as const;
const UNCONFIRMED = { username: "unconfirmed@example.com", password: "Unconfirmed-Passw0rd!" } as const;

/** A JWT anywhere in a value the renderer could see. */
export function assertNoTokens(value: unknown): void {
  const text = JSON.stringify(value) ?? "";
  assert.doesNotMatch(text, /eyJ[\w-]+\.[\w-]+/, "a JWT reached the renderer side");
  assert.doesNotMatch(text, /token/i, "a token field reached the renderer side");
}

/** The open step of a SignInResult (fails on DONE and on the account steps). */
export function openStepOf(result: SignInResult): StepDetails {
  if (result.isSignedIn || !("expiresAt" in result.nextStep)) return assert.fail(`expected an open step, got ${result.nextStep.signInStep}`);
  return result.nextStep;
}

/** Asserts a rejection with an AuthError of `code`; returns it for further checks. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    assert.equal((error as AuthError).code, code, `expected ${code}, got ${(error as AuthError).code}: ${(error as Error).message}`);
    return error as AuthError;
  }
  assert.fail(`expected a rejection with ${code}`);
}

/**
 * The sign-in flows of the desktop auth service against the local Cognito. Run twice: with the
 * real keychain ("persisted") and with no D-Bus session ("memory-only"); the flows must not care.
 */
export function authFlowSuite(keychain: KeychainStatus): void {
  describe(`auth service flows (keychain ${keychain})`, () => {
    let local: LocalCognito;
    const harnesses: DesktopHarness[] = [];
    const harness = (options?: Parameters<typeof desktopHarness>[1]) => {
      const created = desktopHarness(local, options);
      harnesses.push(created);
      return created;
    };

    before(async () => {
      local = await startQuietLocalCognito();
    });
    after(async () => {
      for (const { service } of harnesses) {
        await service.signOut().catch(() => undefined);
        service.dispose();
      }
      await local.stop();
    });

    test("the keychain is what this run expects", async () => {
      const { service } = harness();
      const state = await service.restore();
      assert.equal(state.keychain, keychain);
      assert.equal(state.status, "signed-out");
    });

    test("SMS happy path: masked destination, then DONE with the user and no token", async () => {
      const { service } = harness();
      const states: unknown[] = [];
      service.onState((state) => states.push(state));
      const first = await service.signIn({ ...DEMO, remember: false });
      assert.equal(first.isSignedIn, false);
      assert.ok(!first.isSignedIn);
      assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.deepEqual(first.nextStep.codeDeliveryDetails, { deliveryMedium: "SMS", destination: "+*******0100" });
      assert.ok(Date.parse(first.nextStep.expiresAt) > Date.now());
      assert.equal(service.getState().status, "challenge");
      assert.equal(service.getState().attemptsLeft, 5);

      const done = await service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
      assert.ok(done.isSignedIn);
      assert.equal(done.nextStep.signInStep, "DONE");
      assert.equal(done.user.email, DEMO.username);
      const state = service.getState();
      assert.equal(state.status, "signed-in");
      assert.equal(state.user?.email, DEMO.username);
      assert.equal(state.keychain, keychain);
      assertNoTokens([first, done, state, states]);
      assert.ok(service.accessToken(), "the main process keeps the access token");
      assert.deepEqual(states.map((s) => (s as { status: string }).status), ["challenge", "signed-in"]);
    });

    test("no MFA: plain user is signed in at once", async () => {
      const { service } = harness();
      const result = await service.signIn({ ...PLAIN, remember: false });
      assert.ok(result.isSignedIn);
      assert.equal(service.getState().user?.email, PLAIN.username);
    });

    test("a wrong password is NOT_AUTHORIZED and opens nothing", async () => {
      const { service } = harness();
      await rejectsWithCode(service.signIn({ username: DEMO.username, password: "Wrong-Passw0rd!", remember: false }), "NOT_AUTHORIZED");
      assert.equal(service.getState().status, "signed-out");
    });

    test("a wrong code then the right one: attemptsLeft counts down, the challenge stays open", async () => {
      const { service } = harness();
      await service.signIn({ ...DEMO, remember: false });
      const code = await local.codes.nextCode(DEMO.username);
      const error = await rejectsWithCode(service.confirmSignIn({ challengeResponse: wrongCodeFor(code) }), "CODE_MISMATCH");
      assert.equal(error.details.attemptsLeft, 4);
      assert.equal(service.getState().attemptsLeft, 4);
      const done = await service.confirmSignIn({ challengeResponse: code });
      assert.ok(done.isSignedIn);
    });

    test("a malformed code costs no attempt", async () => {
      const { service } = harness();
      await service.signIn({ ...DEMO, remember: false });
      await local.codes.nextCode(DEMO.username);
      for (const bad of ["12345", "1234567", "12a456", " 123456"]) {
        await rejectsWithCode(service.confirmSignIn({ challengeResponse: bad }), "INVALID_REQUEST");
      }
      assert.equal(service.getState().attemptsLeft, 5);
      await service.signOut();
    });

    test("five wrong codes close the challenge: the right code is then CHALLENGE_EXPIRED", async () => {
      const { service } = harness();
      await service.signIn({ ...DEMO, remember: false });
      const code = await local.codes.nextCode(DEMO.username);
      const left: Array<number | undefined> = [];
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const error = await rejectsWithCode(service.confirmSignIn({ challengeResponse: wrongCodeFor(code) }), "CODE_MISMATCH");
        left.push(error.details.attemptsLeft);
      }
      assert.deepEqual(left, [4, 3, 2, 1, 0]);
      assert.equal(service.getState().status, "signed-out");
      await rejectsWithCode(service.confirmSignIn({ challengeResponse: code }), "CHALLENGE_EXPIRED");
      await rejectsWithCode(service.resendCode(), "CHALLENGE_EXPIRED");
    });

    test("two answers sent at once are counted one after the other", async () => {
      const { service } = harness();
      await service.signIn({ ...DEMO, remember: false });
      const code = await local.codes.nextCode(DEMO.username);
      const results = await Promise.allSettled([1, 2, 3].map(() => service.confirmSignIn({ challengeResponse: wrongCodeFor(code) })));
      const left = results.map((r) => (r.status === "rejected" ? (r.reason as AuthError).details.attemptsLeft : undefined)).sort();
      assert.deepEqual(left, [2, 3, 4]);
      await service.signOut();
    });

    test("resend: a new code arrives and works; after DONE the password is gone", async () => {
      const { service, port } = harness();
      await service.signIn({ ...DEMO, remember: false });
      const firstCode = await local.codes.nextCode(DEMO.username);
      const sentBefore = local.codes.countFor(DEMO.username);
      const resent = await service.resendCode();
      assert.equal(resent.isSignedIn, false);
      const secondCode = await local.codes.nextCode(DEMO.username);
      assert.equal(local.codes.countFor(DEMO.username), sentBefore + 1);
      assert.equal(port.calls.initiate, 2, "resend signs in again");
      if (secondCode !== firstCode) await rejectsWithCode(service.confirmSignIn({ challengeResponse: firstCode }), "CODE_MISMATCH");
      const done = await service.confirmSignIn({ challengeResponse: secondCode });
      assert.ok(done.isSignedIn);
      // The held password was wiped at DONE: nothing can sign in with it again.
      await rejectsWithCode(service.resendCode(), "CHALLENGE_EXPIRED");
      assert.equal(port.calls.initiate, 2);
      assert.equal(local.codes.countFor(DEMO.username), sentBefore + 1);
    });

    test("resend is capped per sign-in", async () => {
      const { service } = harness();
      await service.signIn({ ...DEMO, remember: false });
      for (let resend = 0; resend < 4; resend += 1) await service.resendCode();
      await rejectsWithCode(service.resendCode(), "RATE_LIMITED");
      await service.signOut();
    });

    test("an expired challenge closes itself and wipes the password", async () => {
      const clock = new ManualClock(Date.now());
      const { service, port } = harness({ clock });
      await service.signIn({ ...DEMO, remember: false });
      await local.codes.nextCode(DEMO.username);
      clock.advance(181_000);
      assert.equal(service.getState().status, "signed-out");
      await rejectsWithCode(service.resendCode(), "CHALLENGE_EXPIRED");
      assert.equal(port.calls.initiate, 1);
    });

    test("sign-out during a challenge wipes it", async () => {
      const { service, port } = harness();
      await service.signIn({ ...DEMO, remember: false });
      await local.codes.nextCode(DEMO.username);
      await service.signOut();
      assert.equal(service.getState().status, "signed-out");
      await rejectsWithCode(service.resendCode(), "CHALLENGE_EXPIRED");
      assert.equal(port.calls.initiate, 1);
    });

    test("new password required: a weak one is refused, a strong one signs in", async () => {
      const { service } = harness();
      try {
        const first = await service.signIn({ ...NEWPASS, remember: false });
        assert.ok(!first.isSignedIn);
        assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED");
        await rejectsWithCode(service.confirmSignIn({ challengeResponse: "short" }), "INVALID_PASSWORD");
        assert.equal(service.getState().status, "challenge", "a weak password keeps the step open");
        assert.equal(service.getState().attemptsLeft, undefined, "a password step has no code attempts");
        const done = await service.confirmSignIn({ challengeResponse: "Brand-New-Passw0rd!" });
        assert.ok(done.isSignedIn);
        assert.equal(done.user.email, NEWPASS.username);
      } finally {
        await local.resetUser(NEWPASS.username);
      }
    });

    test("TOTP: the authenticator code signs in", async () => {
      const { service } = harness();
      const first = await service.signIn({ ...TOTP, remember: false });
      assert.ok(!first.isSignedIn);
      assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
      await rejectsWithCode(service.resendCode(), "INVALID_REQUEST");
      const done = await service.confirmSignIn({ challengeResponse: local.totpCode(TOTP.username) });
      assert.ok(done.isSignedIn);
    });

    test("e-mail MFA: the masked address, then the e-mailed code signs in", async () => {
      const { service } = harness();
      const first = await service.signIn({ ...MAIL, remember: false });
      assert.ok(!first.isSignedIn);
      assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
      assert.equal(first.nextStep.codeDeliveryDetails?.destination, "m***@e***");
      const done = await service.confirmSignIn({ challengeResponse: await local.codes.nextCode(MAIL.username) });
      assert.ok(done.isSignedIn);
    });

    test("the desktop signs in by SRP: the password never leaves the main process", async () => {
      const { service, logger } = harness();
      await service.signIn({ ...PLAIN, remember: false });
      const started = logger.lines.filter((line) => line.event === "sign-in.started");
      assert.deepEqual(started.map((line) => line.fields.authFlow), ["USER_SRP_AUTH"]);
    });

    test("no password with SRP: INVALID_REQUEST before any Cognito call", async () => {
      const { service, port } = harness();
      await rejectsWithCode(service.signIn({ username: DEMO.username, remember: false }), "INVALID_REQUEST");
      assert.equal(port.calls.initiate, 0);
    });

    for (const [user, step] of [
      [RESET, "RESET_PASSWORD"],
      [UNCONFIRMED, "CONFIRM_SIGN_UP"],
    ] as const) {
      test(`${step}: the step reaches the renderer, nothing stays open, nothing is stored`, async () => {
        const { service } = harness();
        const result = await service.signIn({ ...user, remember: true });
        assert.deepEqual(result, { isSignedIn: false, nextStep: { signInStep: step } });
        assert.equal(service.getState().status, "signed-out");
        await rejectsWithCode(service.resendCode(), "CHALLENGE_EXPIRED");
        await rejectsWithCode(service.confirmSignIn({ challengeResponse: "123456" }), "CHALLENGE_EXPIRED");
      });
    }

    test("MFA set-up selection → e-mail set-up → the e-mailed code signs in (resend works there too)", async () => {
      await local.resetUser(SETUP.username);
      try {
        const { service } = harness();
        const selection = openStepOf(await service.signIn({ ...SETUP, remember: false }));
        assert.equal(selection.signInStep, "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
        assert.ok(selection.allowedMFATypes?.includes("EMAIL"));
        assert.equal(service.getState().nextStep?.signInStep, "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
        const address = openStepOf(await service.confirmSignIn({ challengeResponse: "EMAIL" }));
        assert.equal(address.signInStep, "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP");
        await rejectsWithCode(service.confirmSignIn({ challengeResponse: "not an address" }), "INVALID_REQUEST");
        const code = openStepOf(await service.confirmSignIn({ challengeResponse: SETUP.username }));
        assert.equal(code.signInStep, "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
        const done = await service.confirmSignIn({ challengeResponse: await local.codes.nextCode(SETUP.username) });
        assert.ok(done.isSignedIn);
      } finally {
        await local.resetUser(SETUP.username);
      }
    });

    test("USER_AUTH: no password → first-factor selection → PASSWORD → the password step → DONE", async () => {
      const { service } = harness({ authFlow: "USER_AUTH" });
      assert.equal(service.getState().passwordOptional, true);
      const selection = openStepOf(await service.signIn({ username: PLAIN.username, remember: false }));
      assert.equal(selection.signInStep, "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
      assert.ok(selection.availableChallenges?.includes("PASSWORD"));
      const password = openStepOf(await service.confirmSignIn({ challengeResponse: "PASSWORD_SRP" }));
      assert.equal(password.signInStep, "CONFIRM_SIGN_IN_WITH_PASSWORD");
      await rejectsWithCode(service.confirmSignIn({ challengeResponse: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
      // Cognito spent the session on the wrong password: back to the form, and again.
      assert.equal(service.getState().status, "signed-out");
      await service.signIn({ username: PLAIN.username, remember: false });
      await service.confirmSignIn({ challengeResponse: "PASSWORD_SRP" });
      const done = await service.confirmSignIn({ challengeResponse: PLAIN.password });
      assert.ok(done.isSignedIn);
    });

    test("USER_AUTH: the password step then SMS MFA; resend signs in again with the password held for it", async () => {
      const { service, port } = harness({ authFlow: "USER_AUTH" });
      await service.signIn({ username: DEMO.username, remember: false });
      await service.confirmSignIn({ challengeResponse: "PASSWORD" });
      const sms = openStepOf(await service.confirmSignIn({ challengeResponse: DEMO.password }));
      assert.equal(sms.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      await local.codes.nextCode(DEMO.username);
      const before = port.calls.initiate;
      assert.equal(openStepOf(await service.resendCode()).signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.equal(port.calls.initiate, before + 1);
      const done = await service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
      assert.ok(done.isSignedIn);
    });

    test("TOTP set-up: the selection, the secret, and the app's first code signs in", async () => {
      await local.resetUser(SETUP.username);
      try {
        const { service } = harness();
        assert.equal(openStepOf(await service.signIn({ ...SETUP, remember: false })).signInStep, "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
        const first = openStepOf(await service.confirmSignIn({ challengeResponse: "TOTP" }));
        assert.equal(first.signInStep, "CONTINUE_SIGN_IN_WITH_TOTP_SETUP");
        const secret = first.totpSetupDetails?.sharedSecret ?? assert.fail("no secret");
        const done = await service.confirmSignIn({ challengeResponse: local.totpCodeForSecret(secret) });
        assert.ok(done.isSignedIn);
      } finally {
        await local.resetUser(SETUP.username);
      }
    });

    test("MFA selection: choose SMS, then the SMS code", async () => {
      const { service } = harness();
      const first = await service.signIn({ ...CHOICE, remember: false });
      assert.ok(!first.isSignedIn);
      assert.equal(first.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_MFA_SELECTION");
      assert.deepEqual(first.nextStep.allowedMFATypes?.slice().sort(), ["SMS", "TOTP"]);
      await rejectsWithCode(service.confirmSignIn({ challengeResponse: "EMAIL" }), "INVALID_REQUEST");
      const sms = await service.confirmSignIn({ challengeResponse: "SMS" });
      assert.ok(!sms.isSignedIn);
      assert.equal(sms.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      const done = await service.confirmSignIn({ challengeResponse: await local.codes.nextCode(CHOICE.username) });
      assert.ok(done.isSignedIn);
      assert.equal(done.user.email, CHOICE.username);
    });

    test("MFA selection: choose TOTP, then the authenticator code", async () => {
      const { service } = harness();
      await service.signIn({ ...CHOICE, remember: false });
      const totp = await service.confirmSignIn({ challengeResponse: "TOTP" });
      assert.ok(!totp.isSignedIn);
      assert.equal(totp.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
      const done = await service.confirmSignIn({ challengeResponse: local.totpCode(CHOICE.username) });
      assert.ok(done.isSignedIn);
    });

    test("signing in twice without signing out is refused", async () => {
      const { service } = harness();
      await service.signIn({ ...PLAIN, remember: false });
      await rejectsWithCode(service.signIn({ ...PLAIN, remember: false }), "INVALID_REQUEST");
    });

    test("sign-out revokes the refresh token with Cognito", async () => {
      const { service, port } = harness();
      await service.signIn({ ...PLAIN, remember: true });
      await service.signOut();
      assert.equal(port.calls.revoke, 1);
      assert.equal(service.getState().status, "signed-out");
      assert.equal(service.accessToken(), undefined);
    });
  });
}
