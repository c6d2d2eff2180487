import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { PLAIN, startQuietLocalCognito, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { createSdkAccountPort } from "../cognito/sdk-account-port.js";
import { secretHash } from "../cognito/secret-hash.js";
import type { AuthError } from "../errors/auth-error.js";
import type { LocalCognito } from "../local-cognito/local-cognito.js";
import { createAccountOperations, type AccountOperations } from "./account-operations.js";

const PASSWORD = "Fresh-Passw0rd!";
const HOUR = 3600_000;

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    assert.equal((error as AuthError).code, code, `expected ${code}, got ${(error as AuthError).code}: ${(error as Error).message}`);
    return error as AuthError;
  }
  assert.fail(`expected ${code}, but it succeeded`);
}

describe("account operations through the SDK on the local Cognito", () => {
  let local: LocalCognito;
  let now = Date.now();
  /** Server-side: the client with a secret, so SECRET_HASH is on every call that names a user. */
  let server: AccountOperations;
  /** Desktop-side: the public client. */
  let desktop: AccountOperations;
  let sdk: CognitoIdentityProviderClient;

  before(async () => {
    local = await startQuietLocalCognito({ now: () => now });
    const common = { region: local.region, endpoint: local.endpoint, timeoutMs: 3000, maxAttempts: 1 };
    server = createAccountOperations({ port: createSdkAccountPort({ ...common, clientId: local.serverClient.clientId, clientSecret: local.serverClient.clientSecret }) });
    desktop = createAccountOperations({ port: createSdkAccountPort({ ...common, clientId: local.publicClientId }) });
    sdk = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  });
  after(async () => {
    sdk?.destroy();
    await local?.stop();
  });

  const freshName = () => `new-${randomUUID().slice(0, 8)}@example.com`;

  /** USER_PASSWORD_AUTH on the server client: tokens, or the name of the challenge Cognito asked for. */
  async function passwordSignIn(username: string, password: string): Promise<{ accessToken?: string; challengeName?: string }> {
    const { serverClient } = local;
    const output = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: serverClient.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: secretHash(username, serverClient.clientId, serverClient.clientSecret) },
      }),
    );
    return { ...(output.AuthenticationResult?.AccessToken ? { accessToken: output.AuthenticationResult.AccessToken } : {}), ...(output.ChallengeName ? { challengeName: output.ChallengeName } : {}) };
  }

  /** A confirmed new user and an access token for it. */
  async function confirmedUser(): Promise<{ username: string; accessToken: string }> {
    const username = freshName();
    await server.signUp({ username, password: PASSWORD, userAttributes: { email: username } });
    await server.confirmSignUp({ username, confirmationCode: await local.codes.nextCode(username) });
    const { accessToken } = await passwordSignIn(username, PASSWORD);
    assert.ok(accessToken);
    return { username, accessToken };
  }

  describe("sign-up", () => {
    test("sign up, a wrong code, the right code, then the password signs in", async () => {
      const username = freshName();
      const result = await server.signUp({ username, password: PASSWORD, userAttributes: { email: username } });
      assert.equal(result.isSignUpComplete, false);
      assert.match(result.userId ?? "", /^[0-9a-f-]{36}$/);
      assert.deepEqual(result.nextStep, {
        signUpStep: "CONFIRM_SIGN_UP",
        codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "n***@e***", attributeName: "email" },
      });
      const code = await local.codes.nextCode(username);
      await rejectsWith(server.confirmSignUp({ username, confirmationCode: wrongCodeFor(code) }), "CODE_MISMATCH");
      assert.deepEqual(await server.confirmSignUp({ username, confirmationCode: code }), { isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
      assert.ok((await passwordSignIn(username, PASSWORD)).accessToken);
    });

    test("sign-in right after sign-up: the sessions Cognito answers give tokens once, no password", async () => {
      const username = freshName();
      const { result, session } = await server.signUpKeepingSession({ username, password: PASSWORD, userAttributes: { email: username } });
      assert.equal(result.nextStep.signUpStep, "CONFIRM_SIGN_UP");
      assert.ok(session, "SignUp answers a session");
      assert.equal(JSON.stringify(result).includes(session), false, "the public result carries no session");
      const confirmed = await server.confirmSignUpKeepingSession({ username, confirmationCode: await local.codes.nextCode(username) }, session);
      assert.deepEqual(confirmed.result, { isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
      assert.ok(confirmed.signInSession);
      await rejectsWith(server.signInAfterSignUp({ username: PLAIN.username, session: confirmed.signInSession }), "NOT_AUTHORIZED");
      const tokens = await server.signInAfterSignUp({ username, session: confirmed.signInSession });
      assert.ok(tokens.accessToken && tokens.idToken && tokens.refreshToken);
      assert.equal((await server.fetchUserAttributes(tokens.accessToken)).userAttributes.email, username);
      await rejectsWith(server.signInAfterSignUp({ username, session: confirmed.signInSession }), "NOT_AUTHORIZED");
    });

    test("the public client (no secret) signs up too", async () => {
      const username = freshName();
      const result = await desktop.signUp({ username, password: PASSWORD, userAttributes: { email: username } });
      assert.equal(result.nextStep.signUpStep, "CONFIRM_SIGN_UP");
      await desktop.confirmSignUp({ username, confirmationCode: await local.codes.nextCode(username) });
    });

    test("a taken username is USERNAME_EXISTS, in any letter case", async () => {
      await rejectsWith(server.signUp({ username: PLAIN.username, password: PASSWORD, userAttributes: { email: PLAIN.username } }), "USERNAME_EXISTS");
      await rejectsWith(server.signUp({ username: PLAIN.username.toUpperCase(), password: PASSWORD }), "USERNAME_EXISTS");
    });

    test("a weak password is INVALID_PASSWORD and creates no user", async () => {
      const username = freshName();
      await rejectsWith(server.signUp({ username, password: "weak", userAttributes: { email: username } }), "INVALID_PASSWORD");
      const again = await server.signUp({ username, password: PASSWORD, userAttributes: { email: username } });
      assert.equal(again.nextStep.signUpStep, "CONFIRM_SIGN_UP");
    });

    test("a code older than 24 hours is CODE_EXPIRED; a resent one works and the old one stops", async () => {
      const username = freshName();
      await server.signUp({ username, password: PASSWORD, userAttributes: { email: username } });
      const old = await local.codes.nextCode(username);
      now += 25 * HOUR;
      try {
        await rejectsWith(server.confirmSignUp({ username, confirmationCode: old }), "CODE_EXPIRED");
        const resent = await server.resendSignUpCode({ username });
        assert.deepEqual(resent, { codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "n***@e***", attributeName: "email" } });
        const fresh = await local.codes.nextCode(username);
        if (fresh !== old) await rejectsWith(server.confirmSignUp({ username, confirmationCode: old }), "CODE_MISMATCH");
        assert.equal((await server.confirmSignUp({ username, confirmationCode: fresh })).isSignUpComplete, true);
      } finally {
        now = Date.now();
      }
    });

    test("confirming an unknown username is CODE_MISMATCH, like a wrong code", async () => {
      await rejectsWith(server.confirmSignUp({ username: freshName(), confirmationCode: "123456" }), "CODE_MISMATCH");
    });

    test("resend answers an unknown, an unconfirmed and a confirmed username alike, and sends only to the unconfirmed", async () => {
      const unconfirmed = freshName();
      await server.signUp({ username: unconfirmed, password: PASSWORD, userAttributes: { email: unconfirmed } });
      await local.codes.nextCode(unconfirmed);
      const unknown = freshName();
      const answers = await Promise.all([unknown, unconfirmed, PLAIN.username].map((username) => server.resendSignUpCode({ username })));
      for (const answer of answers) {
        assert.deepEqual(Object.keys(answer), ["codeDeliveryDetails"]);
        assert.deepEqual(Object.keys(answer.codeDeliveryDetails).sort(), ["attributeName", "deliveryMedium", "destination"]);
        assert.equal(answer.codeDeliveryDetails.deliveryMedium, "EMAIL");
      }
      // The same masked address shape whoever it is: n***@e*** for both new names, p***@e*** for plain.
      assert.equal(answers[0]!.codeDeliveryDetails.destination, answers[1]!.codeDeliveryDetails.destination);
      assert.equal(answers[2]!.codeDeliveryDetails.destination, "p***@e***");
      assert.equal(local.codes.countFor(unknown), 0);
      assert.equal(local.codes.countFor(unconfirmed), 2);
      assert.ok(await local.codes.nextCode(unconfirmed));
    });
  });

  describe("password reset", () => {
    test("reset, a wrong code, a weak password, then the new password signs in", async () => {
      const { username } = await confirmedUser();
      const result = await server.resetPassword({ username });
      assert.deepEqual(result, {
        isPasswordReset: false,
        nextStep: { resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE", codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "n***@e***", attributeName: "email" } },
      });
      const code = await local.codes.nextCode(username);
      await rejectsWith(server.confirmResetPassword({ username, confirmationCode: wrongCodeFor(code), newPassword: "Reset-Again-Passw0rd!" }), "CODE_MISMATCH");
      await rejectsWith(server.confirmResetPassword({ username, confirmationCode: code, newPassword: "weak" }), "INVALID_PASSWORD");
      const done = await server.confirmResetPassword({ username, confirmationCode: code, newPassword: "Reset-Again-Passw0rd!" });
      assert.deepEqual(done, { isPasswordReset: true, nextStep: { resetPasswordStep: "DONE" } });
      assert.ok((await passwordSignIn(username, "Reset-Again-Passw0rd!")).accessToken);
      await assert.rejects(passwordSignIn(username, PASSWORD), { name: "NotAuthorizedException" });
    });

    test("a reset code older than an hour is CODE_EXPIRED", async () => {
      const { username } = await confirmedUser();
      await server.resetPassword({ username });
      const code = await local.codes.nextCode(username);
      now += 61 * 60_000;
      try {
        await rejectsWith(server.confirmResetPassword({ username, confirmationCode: code, newPassword: "Reset-Again-Passw0rd!" }), "CODE_EXPIRED");
      } finally {
        now = Date.now();
      }
    });

    test("an unknown username gets the same answer as a known one, and nothing is sent", async () => {
      const { username } = await confirmedUser();
      const unknown = freshName();
      const [known, stranger] = await Promise.all([server.resetPassword({ username }), server.resetPassword({ username: unknown })]);
      assert.deepEqual(stranger, known);
      assert.equal(local.codes.countFor(unknown), 0);
      await rejectsWith(server.confirmResetPassword({ username: unknown, confirmationCode: "123456", newPassword: PASSWORD }), "CODE_MISMATCH");
    });

    test("a user an admin sent to reset (reset@) can reset and sign in", async () => {
      const username = "reset@example.com";
      try {
        await server.resetPassword({ username });
        await server.confirmResetPassword({ username, confirmationCode: await local.codes.nextCode(username), newPassword: "Reset-Done-Passw0rd!" });
        assert.ok((await passwordSignIn(username, "Reset-Done-Passw0rd!")).accessToken);
      } finally {
        await local.resetUser(username);
      }
    });
  });

  describe("with a session", () => {
    test("attributes: read, add a phone, a wrong code, verify it, turn SMS MFA on; the next sign-in asks for an SMS code", async () => {
      const { username, accessToken } = await confirmedUser();
      const before = await server.fetchUserAttributes(accessToken);
      assert.equal(before.userAttributes.email, username);
      assert.equal(before.userAttributes.email_verified, "true");
      assert.equal(before.userAttributes.phone_number, undefined);
      assert.deepEqual(await server.fetchMFAPreference(accessToken), {});

      const update = await server.updateUserAttributes(accessToken, { userAttributes: { phone_number: "+15555550199", name: "Ada" } });
      assert.deepEqual(update, {
        phone_number: {
          isUpdated: false,
          nextStep: { updateAttributeStep: "CONFIRM_ATTRIBUTE_WITH_CODE", codeDeliveryDetails: { deliveryMedium: "SMS", destination: "+*******0199", attributeName: "phone_number" } },
        },
        name: { isUpdated: true, nextStep: { updateAttributeStep: "DONE" } },
      });
      // SMS MFA needs a verified phone first.
      await rejectsWith(server.updateMFAPreference(accessToken, { sms: "ENABLED" }), "INVALID_REQUEST");
      const code = await local.codes.nextCode(username);
      await rejectsWith(server.confirmUserAttribute(accessToken, { userAttributeKey: "phone_number", confirmationCode: wrongCodeFor(code) }), "CODE_MISMATCH");
      await server.confirmUserAttribute(accessToken, { userAttributeKey: "phone_number", confirmationCode: code });
      assert.equal((await server.fetchUserAttributes(accessToken)).userAttributes.phone_number_verified, "true");

      assert.deepEqual(await server.updateMFAPreference(accessToken, { sms: "PREFERRED" }), { enabled: ["SMS"], preferred: "SMS" });
      assert.deepEqual(await server.fetchMFAPreference(accessToken), { enabled: ["SMS"], preferred: "SMS" });
      assert.equal((await passwordSignIn(username, PASSWORD)).challengeName, "SMS_MFA");
    });

    test("a new verification code; an attribute code older than 24 hours is CODE_EXPIRED", async () => {
      const { username, accessToken } = await confirmedUser();
      await server.updateUserAttributes(accessToken, { userAttributes: { phone_number: "+15555550198" } });
      await local.codes.nextCode(username);
      const sent = await server.sendUserAttributeVerificationCode(accessToken, { userAttributeKey: "phone_number" });
      assert.deepEqual(sent, { codeDeliveryDetails: { deliveryMedium: "SMS", destination: "+*******0198", attributeName: "phone_number" } });
      const code = await local.codes.nextCode(username);
      now += 25 * HOUR;
      try {
        await rejectsWith(server.confirmUserAttribute(accessToken, { userAttributeKey: "phone_number", confirmationCode: code }), "CODE_EXPIRED");
      } finally {
        now = Date.now();
      }
    });

    test("update password: a wrong old one is NOT_AUTHORIZED, a weak new one INVALID_PASSWORD, then the new one signs in", async () => {
      const { username, accessToken } = await confirmedUser();
      await rejectsWith(server.updatePassword(accessToken, { oldPassword: "Not-The-Passw0rd!", newPassword: "Changed-Passw0rd!" }), "NOT_AUTHORIZED");
      await rejectsWith(server.updatePassword(accessToken, { oldPassword: PASSWORD, newPassword: "weak" }), "INVALID_PASSWORD");
      await server.updatePassword(accessToken, { oldPassword: PASSWORD, newPassword: "Changed-Passw0rd!" });
      assert.ok((await passwordSignIn(username, "Changed-Passw0rd!")).accessToken);
    });

    test("TOTP: a secret and an otpauth URI, a wrong code, the right one, then TOTP preferred at sign-in", async () => {
      const { username, accessToken } = await confirmedUser();
      const setup = await server.setUpTOTP(accessToken, { accountName: username });
      assert.match(setup.sharedSecret, /^[A-Z2-7]{16,}$/);
      assert.equal(setup.setupUri, `otpauth://totp/cognito-mfa-kit%3A${encodeURIComponent(username)}?secret=${setup.sharedSecret}&issuer=cognito-mfa-kit`);
      await rejectsWith(server.updateMFAPreference(accessToken, { totp: "ENABLED" }), "INVALID_REQUEST");
      await rejectsWith(server.verifyTOTPSetup(accessToken, { code: wrongCodeFor(local.totpCodeForSecret(setup.sharedSecret)) }), "CODE_MISMATCH");
      await server.verifyTOTPSetup(accessToken, { code: local.totpCodeForSecret(setup.sharedSecret), friendlyDeviceName: "Phone" });
      assert.deepEqual(await server.updateMFAPreference(accessToken, { totp: "PREFERRED" }), { enabled: ["TOTP"], preferred: "TOTP" });
      assert.equal((await passwordSignIn(username, PASSWORD)).challengeName, "SOFTWARE_TOKEN_MFA");
    });

    test("a made-up or foreign access token is NOT_SIGNED_IN on every call", async () => {
      const forged = `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.${Buffer.from(JSON.stringify({ token_use: "access", username: "plain@example.com", client_id: local.serverClient.clientId, exp: 4102444800 })).toString("base64url")}.c2ln`;
      const calls: Array<Promise<unknown>> = [
        server.fetchUserAttributes(forged),
        server.fetchMFAPreference(forged),
        server.updateUserAttributes(forged, { userAttributes: { name: "x" } }),
        server.sendUserAttributeVerificationCode(forged, { userAttributeKey: "email" }),
        server.confirmUserAttribute(forged, { userAttributeKey: "email", confirmationCode: "123456" }),
        server.updateMFAPreference(forged, { sms: "DISABLED" }),
        server.updatePassword(forged, { oldPassword: PLAIN.password, newPassword: PASSWORD }),
        server.setUpTOTP(forged, { accountName: PLAIN.username }),
        server.verifyTOTPSetup(forged, { code: "123456" }),
      ];
      for (const call of calls) await rejectsWith(call, "NOT_SIGNED_IN");
    });
  });
});
