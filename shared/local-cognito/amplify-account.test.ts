import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Amplify } from "aws-amplify";
import { autoSignIn, confirmResetPassword, confirmSignIn, confirmSignUp, resendSignUpCode, resetPassword, signIn, signOut, signUp } from "aws-amplify/auth";
import { startQuietLocalCognito } from "../../testing/support/cognito-fixture.js";
import type { LocalCognito } from "./local-cognito.js";

// Amplify v6 at its defaults against the local Cognito's public app client, with only the
// endpoint changed: what a web or React Native app written for AWS would send.
let local: LocalCognito;
const lines: string[] = [];
before(async () => {
  local = await startQuietLocalCognito({ print: true, output: (line) => lines.push(line) });
  Amplify.configure({ Auth: { Cognito: { userPoolId: local.userPoolId, userPoolClientId: local.publicClientId, userPoolEndpoint: local.endpoint } } });
});
after(() => local.stop());

const printedCodeFor = (username: string) => local.codes.nextCode(username);

/**
 * Node shim: signUp with autoSignIn arms a 3-minute timer (Amplify stops waiting for
 * confirmSignUp then) that a browser tab never notices but that would keep this test process
 * alive. Timers armed while `run` goes are unref'd; nothing else changes.
 */
async function withUnrefTimers<T>(run: () => Promise<T>): Promise<T> {
  const original = globalThis.setTimeout;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => original(...args).unref()) as typeof setTimeout;
  try {
    return await run();
  } finally {
    globalThis.setTimeout = original;
  }
}

describe("Amplify v6: sign-up, reset and passwordless sign-in", () => {
  test("signUp → codeDeliveryDetails; resendSignUpCode; confirmSignUp with the printed code → DONE; then signIn", async () => {
    const username = `amplify-${Date.now()}@example.com`;
    const password = "Amplify-Passw0rd!";
    const signedUp = await signUp({ username, password, options: { userAttributes: { email: username } } });
    assert.equal(signedUp.isSignUpComplete, false);
    assert.equal(signedUp.nextStep.signUpStep, "CONFIRM_SIGN_UP");
    if (signedUp.nextStep.signUpStep !== "CONFIRM_SIGN_UP") return;
    assert.deepEqual(signedUp.nextStep.codeDeliveryDetails, { deliveryMedium: "EMAIL", destination: "a***@e***", attributeName: "email" });
    const first = await printedCodeFor(username);
    assert.ok(lines.includes(`[local-cognito] EMAIL to ${username} for ${username}: ${first}`));

    const resent = await resendSignUpCode({ username });
    assert.equal(resent.deliveryMedium, "EMAIL");
    const code = await printedCodeFor(username);

    await assert.rejects(confirmSignUp({ username, confirmationCode: code === "000000" ? "111111" : "000000" }), { name: "CodeMismatchException" });
    const confirmed = await confirmSignUp({ username, confirmationCode: code });
    assert.equal(confirmed.isSignUpComplete, true);

    const signedIn = await signIn({ username, password, options: { authFlowType: "USER_PASSWORD_AUTH" } });
    assert.equal(signedIn.nextStep.signInStep, "DONE");
    await signOut();
  });

  test("signUp with autoSignIn (USER_AUTH) → confirmSignUp → COMPLETE_AUTO_SIGN_IN → autoSignIn → signed in", async () => {
    const username = `amplify-auto-${Date.now()}@example.com`;
    await withUnrefTimers(() => signUp({ username, password: "Amplify-Passw0rd!", options: { userAttributes: { email: username }, autoSignIn: { authFlowType: "USER_AUTH" } } }));
    const confirmed = await confirmSignUp({ username, confirmationCode: await printedCodeFor(username) });
    assert.equal(confirmed.nextStep.signUpStep, "COMPLETE_AUTO_SIGN_IN");
    const signedIn = await autoSignIn();
    assert.equal(signedIn.isSignedIn, true);
    assert.equal(signedIn.nextStep.signInStep, "DONE");
    await signOut();
  });

  test("signIn of an unconfirmed user → CONFIRM_SIGN_UP; a wrong password → NotAuthorizedException", async () => {
    const result = await signIn({ username: "unconfirmed@example.com", password: "Unconfirmed-Passw0rd!", options: { authFlowType: "USER_PASSWORD_AUTH" } });
    assert.equal(result.nextStep.signInStep, "CONFIRM_SIGN_UP");
    await assert.rejects(signIn({ username: "unconfirmed@example.com", password: "Wrong-Passw0rd!", options: { authFlowType: "USER_PASSWORD_AUTH" } }), { name: "NotAuthorizedException" });
  });

  test("resetPassword → a printed code; confirmResetPassword → the new password signs in (reset@example.com)", async () => {
    const username = "reset@example.com";
    const refused = await signIn({ username, password: "Reset-Passw0rd!", options: { authFlowType: "USER_PASSWORD_AUTH" } });
    assert.equal(refused.nextStep.signInStep, "RESET_PASSWORD");
    const started = await resetPassword({ username });
    assert.equal(started.isPasswordReset, false);
    assert.equal(started.nextStep.resetPasswordStep, "CONFIRM_RESET_PASSWORD_WITH_CODE");
    assert.equal(started.nextStep.codeDeliveryDetails.deliveryMedium, "EMAIL");
    const code = await printedCodeFor(username);
    await confirmResetPassword({ username, confirmationCode: code, newPassword: "Reset-Again-Passw0rd!" });
    const signedIn = await signIn({ username, password: "Reset-Again-Passw0rd!", options: { authFlowType: "USER_PASSWORD_AUTH" } });
    assert.equal(signedIn.nextStep.signInStep, "DONE");
    await signOut();
    await local.resetUser(username);
  });

  test("signIn USER_AUTH with preferredChallenge EMAIL_OTP → CONFIRM_SIGN_IN_WITH_EMAIL_CODE → confirmSignIn → DONE", async () => {
    const username = "passwordless@example.com";
    const started = await signIn({ username, options: { authFlowType: "USER_AUTH", preferredChallenge: "EMAIL_OTP" } });
    assert.equal(started.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    const done = await confirmSignIn({ challengeResponse: await printedCodeFor(username) });
    assert.equal(done.isSignedIn, true);
    assert.equal(done.nextStep.signInStep, "DONE");
    await signOut();
  });

  test("signIn USER_AUTH without a preference → CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION; choosing SMS_OTP → the SMS code → DONE", async () => {
    const username = "passwordless@example.com";
    const started = await signIn({ username, options: { authFlowType: "USER_AUTH" } });
    assert.equal(started.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
    if (started.nextStep.signInStep !== "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION") return;
    assert.deepEqual(started.nextStep.availableChallenges, ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]);
    const sms = await confirmSignIn({ challengeResponse: "SMS_OTP" });
    assert.equal(sms.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    const done = await confirmSignIn({ challengeResponse: await printedCodeFor(username) });
    assert.equal(done.nextStep.signInStep, "DONE");
    await signOut();
  });

  test("signIn USER_AUTH choosing PASSWORD: CONFIRM_SIGN_IN_WITH_PASSWORD → the password → DONE", async () => {
    const started = await signIn({ username: "plain@example.com", options: { authFlowType: "USER_AUTH" } });
    assert.equal(started.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
    const password = await confirmSignIn({ challengeResponse: "PASSWORD" });
    assert.equal(password.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_PASSWORD");
    const done = await confirmSignIn({ challengeResponse: "Plain-Passw0rd!" });
    assert.equal(done.nextStep.signInStep, "DONE");
    await signOut();
  });

  test("MFA required, none set up: CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION → EMAIL → the address → the e-mail code → DONE", async () => {
    const started = await signIn({ username: "setup@example.com", password: "Setup-Passw0rd!", options: { authFlowType: "USER_PASSWORD_AUTH" } });
    assert.equal(started.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
    if (started.nextStep.signInStep !== "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION") return;
    assert.deepEqual(started.nextStep.allowedMFATypes, ["TOTP", "EMAIL"]);
    const email = await confirmSignIn({ challengeResponse: "EMAIL" });
    assert.equal(email.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP");
    const code = await confirmSignIn({ challengeResponse: "setup.amplify@example.com" });
    assert.equal(code.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    const done = await confirmSignIn({ challengeResponse: await printedCodeFor("setup@example.com") });
    assert.equal(done.nextStep.signInStep, "DONE");
    await signOut();
    await local.resetUser("setup@example.com");
  });
});
