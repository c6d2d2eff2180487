import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createSignInFlow, type FlowOutcome, type SignInFlow } from "./sign-in-flow.js";
import { ManualClock } from "../runtime/clock.js";
import { AuthError } from "../errors/auth-error.js";
import type { LocalCognito } from "../local-cognito/local-cognito.js";
import { CHOICE, DEMO, MAIL, NEWPASS, PLAIN, SETUP, TOTP, publicPort, serverPort, startQuietLocalCognito, wrongCodeFor } from "../../testing/support/cognito-fixture.js";

// Every test here goes through the real AWS SDK to the embedded local Cognito.
let local: LocalCognito;
let flow: SignInFlow;
before(async () => {
  local = await startQuietLocalCognito();
  flow = createSignInFlow({ cognito: serverPort(local) });
});
after(() => local.stop());

function challengeOf(outcome: FlowOutcome) {
  assert.equal(outcome.status, "challenge");
  return outcome.status === "challenge" ? outcome.challenge : assert.fail("no challenge");
}

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => error instanceof AuthError && error.code === code);
}

describe("sign-in flow on the local Cognito", () => {
  test("a user without MFA is signed in at once, with tokens and the user from the ID token", async () => {
    const outcome = await flow.signIn(PLAIN);
    assert.equal(outcome.status, "signed-in");
    assert.deepEqual(outcome.result.nextStep, { signInStep: "DONE" });
    if (outcome.status !== "signed-in") return;
    assert.equal(outcome.user.username, PLAIN.username);
    assert.equal(outcome.user.email, PLAIN.username);
    assert.match(outcome.user.sub, /^[0-9a-f-]{36}$/);
    assert.ok(outcome.tokens.refreshToken);
  });

  test("SMS MFA: the step names the masked phone and the right code signs in", async () => {
    const outcome = await flow.signIn(DEMO);
    const challenge = challengeOf(outcome);
    assert.equal(challenge.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    assert.deepEqual(challenge.nextStep.codeDeliveryDetails, { deliveryMedium: "SMS", destination: "+*******0100" });
    assert.ok(Date.parse(challenge.nextStep.expiresAt) > Date.now());
    const done = await flow.confirm(challenge, { challengeResponse: await local.codes.nextCode(DEMO.username) });
    assert.equal(done.status, "signed-in");
    assert.equal(done.result.isSignedIn, true);
  });

  test("SMS MFA: a wrong code is CODE_MISMATCH and the same challenge then takes the right code", async () => {
    const challenge = challengeOf(await flow.signIn(DEMO));
    const code = await local.codes.nextCode(DEMO.username);
    await rejectsWith(flow.confirm(challenge, { challengeResponse: wrongCodeFor(code) }), "CODE_MISMATCH");
    const done = await flow.confirm(challenge, { challengeResponse: code });
    assert.equal(done.status, "signed-in");
  });

  test("a challenge answered correctly cannot be answered again (the session is spent)", async () => {
    const challenge = challengeOf(await flow.signIn(DEMO));
    const code = await local.codes.nextCode(DEMO.username);
    await flow.confirm(challenge, { challengeResponse: code });
    await rejectsWith(flow.confirm(challenge, { challengeResponse: code }), "CHALLENGE_EXPIRED");
  });

  test("a code that is not six digits is INVALID_REQUEST and never reaches Cognito", async () => {
    const challenge = challengeOf(await flow.signIn(DEMO));
    const code = await local.codes.nextCode(DEMO.username);
    for (const bad of ["12345", "1234567", "12a456", " 123456", ""]) {
      await rejectsWith(flow.confirm(challenge, { challengeResponse: bad }), "INVALID_REQUEST");
    }
    assert.equal((await flow.confirm(challenge, { challengeResponse: code })).status, "signed-in");
  });

  test("an expired challenge is CHALLENGE_EXPIRED before Cognito is asked", async () => {
    const clock = new ManualClock(Date.now());
    const timedFlow = createSignInFlow({ cognito: serverPort(local), clock, challengeTtlMs: 1000 });
    const challenge = challengeOf(await timedFlow.signIn(DEMO));
    const code = await local.codes.nextCode(DEMO.username);
    clock.advance(1000);
    await rejectsWith(timedFlow.confirm(challenge, { challengeResponse: code }), "CHALLENGE_EXPIRED");
  });

  test("new password required: a weak password is INVALID_PASSWORD, a good one signs in", async () => {
    await local.resetUser(NEWPASS.username);
    const challenge = challengeOf(await flow.signIn(NEWPASS));
    assert.equal(challenge.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED");
    assert.deepEqual(challenge.nextStep.missingAttributes, []);
    await rejectsWith(flow.confirm(challenge, { challengeResponse: "weak" }), "INVALID_PASSWORD");
    const done = await flow.confirm(challenge, { challengeResponse: "Brand-New-Passw0rd!" });
    assert.equal(done.status, "signed-in");
    assert.equal((await flow.signIn({ username: NEWPASS.username, password: "Brand-New-Passw0rd!" })).status, "signed-in");
    await local.resetUser(NEWPASS.username);
  });

  test("TOTP MFA: the authenticator code signs in", async () => {
    const challenge = challengeOf(await flow.signIn(TOTP));
    assert.equal(challenge.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    await rejectsWith(flow.confirm(challenge, { challengeResponse: wrongCodeFor(local.totpCode(TOTP.username)) }), "CODE_MISMATCH");
    assert.equal((await flow.confirm(challenge, { challengeResponse: local.totpCode(TOTP.username) })).status, "signed-in");
  });

  test("e-mail MFA (EMAIL_OTP): the step names the masked address, a wrong code is CODE_MISMATCH, the e-mailed code signs in", async () => {
    const challenge = challengeOf(await flow.signIn(MAIL));
    assert.equal(challenge.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    assert.deepEqual(challenge.nextStep.codeDeliveryDetails, { deliveryMedium: "EMAIL", destination: "m***@e***" });
    const code = await local.codes.nextCode(MAIL.username);
    assert.equal(local.codes.sent.at(-1)?.medium, "EMAIL");
    await rejectsWith(flow.confirm(challenge, { challengeResponse: wrongCodeFor(code) }), "CODE_MISMATCH");
    const done = await flow.confirm(challenge, { challengeResponse: code });
    assert.equal(done.status, "signed-in");
    if (done.status !== "signed-in") return;
    const refreshed = await flow.refresh({ refreshToken: done.tokens.refreshToken!, cognitoUsername: done.cognitoUsername });
    assert.equal(refreshed.user.username, MAIL.username, "the refresh token issued after EMAIL_OTP is recorded");
  });

  test("MFA selection: choosing SMS leads to the SMS code step", async () => {
    const selection = challengeOf(await flow.signIn(CHOICE));
    assert.equal(selection.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_MFA_SELECTION");
    assert.deepEqual(selection.nextStep.allowedMFATypes, ["SMS", "TOTP"]);
    await rejectsWith(flow.confirm(selection, { challengeResponse: "EMAIL" }), "INVALID_REQUEST");
    const sms = challengeOf(await flow.confirm(selection, { challengeResponse: "SMS" }));
    assert.equal(sms.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    assert.equal(sms.nextStep.codeDeliveryDetails?.destination, "+*******0111");
    assert.equal((await flow.confirm(sms, { challengeResponse: await local.codes.nextCode(CHOICE.username) })).status, "signed-in");
  });

  test("TOTP set-up (MFA_SETUP): the secret is shown, a wrong code is refused, the app's code signs in, and next time TOTP is asked", async () => {
    await local.resetUser(SETUP.username);
    const setup = challengeOf(await flow.signIn(SETUP));
    assert.equal(setup.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_TOTP_SETUP");
    const secret = setup.nextStep.totpSetupDetails?.sharedSecret ?? assert.fail("no secret");
    assert.match(setup.nextStep.totpSetupDetails!.setupUri, new RegExp(`^otpauth://totp/cognito-mfa-kit%3Asetup%40example.com\\?secret=${secret}&issuer=cognito-mfa-kit$`));
    await rejectsWith(flow.confirm(setup, { challengeResponse: wrongCodeFor(local.totpCodeForSecret(secret)) }), "CODE_MISMATCH");
    const done = await flow.confirm(setup, { challengeResponse: local.totpCodeForSecret(secret) });
    assert.equal(done.status, "signed-in");
    const next = challengeOf(await flow.signIn(SETUP));
    assert.equal(next.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    await local.resetUser(SETUP.username);
  });

  test("refresh after an SMS sign-in gives new tokens for the same user", async () => {
    const challenge = challengeOf(await flow.signIn(DEMO));
    const done = await flow.confirm(challenge, { challengeResponse: await local.codes.nextCode(DEMO.username) });
    assert.equal(done.status, "signed-in");
    if (done.status !== "signed-in") return;
    const refreshed = await flow.refresh({ refreshToken: done.tokens.refreshToken!, cognitoUsername: done.cognitoUsername });
    assert.equal(refreshed.user.sub, done.user.sub);
    assert.notEqual(refreshed.tokens.accessToken, done.tokens.accessToken);
    assert.equal(refreshed.tokens.refreshToken, done.tokens.refreshToken, "without rotation the old refresh token stays");
    assert.ok(Date.parse(refreshed.session.expiresAt) > Date.now());
  });

  test("refresh with rotation (GetTokensFromRefreshToken) spends the old refresh token", async () => {
    const rotating = createSignInFlow({ cognito: serverPort(local, { refreshTokenRotation: true }) });
    const done = await rotating.signIn(PLAIN);
    if (done.status !== "signed-in") return assert.fail("expected sign-in");
    const refreshed = await rotating.refresh({ refreshToken: done.tokens.refreshToken!, cognitoUsername: done.cognitoUsername });
    assert.notEqual(refreshed.tokens.refreshToken, done.tokens.refreshToken);
    await rejectsWith(rotating.refresh({ refreshToken: done.tokens.refreshToken!, cognitoUsername: done.cognitoUsername }), "NOT_SIGNED_IN");
  });

  test("after sign-out (RevokeToken) the refresh token no longer works", async () => {
    const done = await flow.signIn(PLAIN);
    if (done.status !== "signed-in") return assert.fail("expected sign-in");
    await flow.signOut({ refreshToken: done.tokens.refreshToken! });
    await rejectsWith(flow.refresh({ refreshToken: done.tokens.refreshToken!, cognitoUsername: done.cognitoUsername }), "NOT_SIGNED_IN");
  });

  test("global sign-out ends every session of the user", async () => {
    const first = await flow.signIn(PLAIN);
    const second = await flow.signIn(PLAIN);
    if (first.status !== "signed-in" || second.status !== "signed-in") return assert.fail("expected sign-in");
    await flow.signOut({ accessToken: second.tokens.accessToken, global: true });
    await rejectsWith(flow.refresh({ refreshToken: first.tokens.refreshToken!, cognitoUsername: first.cognitoUsername }), "NOT_SIGNED_IN");
  });

  test("wrong password and unknown user get the same NOT_AUTHORIZED", async () => {
    await rejectsWith(flow.signIn({ username: PLAIN.username, password: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
    await rejectsWith(flow.signIn({ username: "nobody@example.com", password: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
  });

  test("the public app client (no secret) runs the same SMS flow", async () => {
    const desktopFlow = createSignInFlow({ cognito: publicPort(local) });
    const challenge = challengeOf(await desktopFlow.signIn(DEMO));
    const done = await desktopFlow.confirm(challenge, { challengeResponse: await local.codes.nextCode(DEMO.username) });
    assert.equal(done.status, "signed-in");
  });

  test("a wrong client secret is refused by Cognito and reported as INTERNAL (a configuration fault)", async () => {
    const badFlow = createSignInFlow({ cognito: serverPort(local, { clientSecret: "not-the-secret" }) });
    await assert.rejects(badFlow.signIn(PLAIN), (error: unknown) => {
      assert.ok(error instanceof AuthError);
      assert.equal(error.code, "INTERNAL");
      assert.match(String((error.cause as Error).message), /Unable to verify secret hash/);
      return true;
    });
  });

  test("the server client without its secret is refused", async () => {
    const noSecret = createSignInFlow({ cognito: serverPort(local, { clientSecret: undefined }) });
    await rejectsWith(noSecret.signIn(PLAIN), "INTERNAL");
  });
});
