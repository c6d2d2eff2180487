import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  DeleteUserCommand,
  GlobalSignOutCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { startQuietLocalCognito, PLAIN, TOTP, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { fakeJwt } from "../../testing/support/fake-jwt.js";
import type { LocalCognito } from "./local-cognito.js";

// Attribute update and verification, MFA preferences and password change, through the real SDK.
let local: LocalCognito;
let now = Date.now();
let sdk: CognitoIdentityProviderClient;
const lines: string[] = [];
before(async () => {
  local = await startQuietLocalCognito({ now: () => now, print: true, output: (line) => lines.push(line) });
  sdk = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
after(() => local.stop());

const signIn = async (username: string, password: string) =>
  sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));
const accessTokenOf = async (username: string, password: string) => (await signIn(username, password)).AuthenticationResult!.AccessToken!;
const attributesOf = async (accessToken: string) =>
  Object.fromEntries(((await sdk.send(new GetUserCommand({ AccessToken: accessToken }))).UserAttributes ?? []).map((attribute) => [attribute.Name, attribute.Value]));

describe("attribute rule: UpdateUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute", () => {
  test("adding a phone sends a printed SMS code; VerifyUserAttribute with it marks the phone verified", async () => {
    const accessToken = await accessTokenOf(PLAIN.username, PLAIN.password);
    const output = await sdk.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: "phone_number", Value: "+15555550177" }] }));
    assert.deepEqual(output.CodeDeliveryDetailsList, [{ AttributeName: "phone_number", DeliveryMedium: "SMS", Destination: "+*******0177" }]);
    const code = await local.codes.nextCode(PLAIN.username);
    assert.ok(lines.includes(`[local-cognito] SMS to +15555550177 for ${PLAIN.username}: ${code}`));
    assert.equal((await attributesOf(accessToken)).phone_number_verified, "false");
    await assert.rejects(sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: "phone_number", Code: wrongCodeFor(code) })), { name: "CodeMismatchException" });
    await sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: "phone_number", Code: code }));
    assert.equal((await attributesOf(accessToken)).phone_number_verified, "true");
    await local.resetUser(PLAIN.username);
  });

  test("changing the e-mail makes it unverified until its code comes back; other attributes change at once with no code", async () => {
    const accessToken = await accessTokenOf(PLAIN.username, PLAIN.password);
    const named = await sdk.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: "name", Value: "Plain" }] }));
    assert.deepEqual(named.CodeDeliveryDetailsList, []);
    const output = await sdk.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: "email", Value: "plain.new@example.com" }] }));
    assert.equal(output.CodeDeliveryDetailsList?.[0]?.DeliveryMedium, "EMAIL");
    const attributes = await attributesOf(accessToken);
    assert.equal(attributes.email, "plain.new@example.com");
    assert.equal(attributes.email_verified, "false");
    assert.equal(attributes.name, "Plain");
    await local.resetUser(PLAIN.username);
  });

  test("a verification code expires after 24 hours; GetUserAttributeVerificationCode sends a new one", async () => {
    const accessToken = await accessTokenOf(PLAIN.username, PLAIN.password);
    const sent = await sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: accessToken, AttributeName: "email" }));
    assert.deepEqual(sent.CodeDeliveryDetails, { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: "p***@e***" });
    const old = await local.codes.nextCode(PLAIN.username);
    now += 24 * 3600_000;
    try {
      await assert.rejects(sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: "email", Code: old })), { name: "ExpiredCodeException" });
    } finally {
      now = Date.now();
    }
    await sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: accessToken, AttributeName: "email" }));
    await sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: "email", Code: await local.codes.nextCode(PLAIN.username) }));
  });

  test("a user cannot mark an attribute verified themselves", async () => {
    const accessToken = await accessTokenOf(PLAIN.username, PLAIN.password);
    await assert.rejects(sdk.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: "phone_number_verified", Value: "true" }] })), { name: "NotAuthorizedException" });
  });

  test("a token this Cognito did not sign is NotAuthorizedException on every account call", async () => {
    const forged = fakeJwt({ token_use: "access", client_id: local.publicClientId, username: PLAIN.username, exp: Math.floor(Date.now() / 1000) + 3600 });
    await assert.rejects(sdk.send(new GetUserCommand({ AccessToken: forged })), { name: "NotAuthorizedException" });
    await assert.rejects(sdk.send(new UpdateUserAttributesCommand({ AccessToken: forged, UserAttributes: [{ Name: "name", Value: "x" }] })), { name: "NotAuthorizedException" });
    await assert.rejects(sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: forged, SMSMfaSettings: { Enabled: false } })), { name: "NotAuthorizedException" });
    await assert.rejects(sdk.send(new ChangePasswordCommand({ AccessToken: forged, PreviousPassword: PLAIN.password, ProposedPassword: "Other-Passw0rd!" })), { name: "NotAuthorizedException" });
    // Calls cognito-local answers itself are guarded too.
    await assert.rejects(sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: forged })), { name: "NotAuthorizedException" });
    await assert.rejects(sdk.send(new GlobalSignOutCommand({ AccessToken: forged })), { name: "NotAuthorizedException" });
    await assert.rejects(sdk.send(new DeleteUserCommand({ AccessToken: forged })), { name: "NotAuthorizedException" });
    assert.ok((await signIn(PLAIN.username, PLAIN.password)).AuthenticationResult?.AccessToken, "the forged calls changed nothing");
  });
});

describe("mfa-preference rule: SetUserMFAPreference, GetUser, and sign-in that honours them", () => {
  test("a user who adds a verified phone and enables SMS MFA gets SMS_MFA at the next sign-in", async () => {
    const accessToken = await accessTokenOf(PLAIN.username, PLAIN.password);
    await assert.rejects(sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SMSMfaSettings: { Enabled: true } })), { name: "InvalidParameterException" });
    await sdk.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: "phone_number", Value: "+15555550178" }] }));
    await sdk.send(new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: "phone_number", Code: await local.codes.nextCode(PLAIN.username) }));
    await sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const user = await sdk.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.deepEqual(user.UserMFASettingList, ["SMS_MFA"]);
    assert.equal(user.PreferredMfaSetting, "SMS_MFA");
    const next = await signIn(PLAIN.username, PLAIN.password);
    assert.equal(next.ChallengeName, "SMS_MFA");
    const done = await sdk.send(
      new RespondToAuthChallengeCommand({ ClientId: local.publicClientId, ChallengeName: "SMS_MFA", Session: next.Session!, ChallengeResponses: { USERNAME: PLAIN.username, SMS_MFA_CODE: await local.codes.nextCode(PLAIN.username) } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    // Turned off again: signed in at once.
    await sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SMSMfaSettings: { Enabled: false } }));
    assert.equal((await sdk.send(new GetUserCommand({ AccessToken: accessToken }))).PreferredMfaSetting, undefined);
    assert.ok((await signIn(PLAIN.username, PLAIN.password)).AuthenticationResult?.AccessToken);
    await local.resetUser(PLAIN.username);
  });

  test("e-mail MFA enabled: the next sign-in asks for an EMAIL_OTP code", async () => {
    const accessToken = await accessTokenOf(PLAIN.username, PLAIN.password);
    await sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, EmailMfaSettings: { Enabled: true } }));
    assert.deepEqual((await sdk.send(new GetUserCommand({ AccessToken: accessToken }))).UserMFASettingList, ["EMAIL_OTP"]);
    const next = await signIn(PLAIN.username, PLAIN.password);
    assert.equal(next.ChallengeName, "EMAIL_OTP");
    const done = await sdk.send(
      new RespondToAuthChallengeCommand({ ClientId: local.publicClientId, ChallengeName: "EMAIL_OTP", Session: next.Session!, ChallengeResponses: { USERNAME: PLAIN.username, EMAIL_OTP_CODE: await local.codes.nextCode(PLAIN.username) } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    await local.resetUser(PLAIN.username);
  });

  test("several types without a preference give SELECT_MFA_TYPE listing e-mail too; a preference asks for it at once", async () => {
    const first = await signIn(TOTP.username, TOTP.password);
    const signedIn = await sdk.send(
      new RespondToAuthChallengeCommand({ ClientId: local.publicClientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: first.Session!, ChallengeResponses: { USERNAME: TOTP.username, SOFTWARE_TOKEN_MFA_CODE: local.totpCode(TOTP.username) } }),
    );
    const accessToken = signedIn.AuthenticationResult!.AccessToken!;
    await sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, EmailMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false } }));
    const select = await signIn(TOTP.username, TOTP.password);
    assert.equal(select.ChallengeName, "SELECT_MFA_TYPE");
    assert.deepEqual(JSON.parse(select.ChallengeParameters!.MFAS_CAN_CHOOSE!).sort(), ["EMAIL_OTP", "SOFTWARE_TOKEN_MFA"]);
    const chosen = await sdk.send(
      new RespondToAuthChallengeCommand({ ClientId: local.publicClientId, ChallengeName: "SELECT_MFA_TYPE", Session: select.Session!, ChallengeResponses: { USERNAME: TOTP.username, ANSWER: "EMAIL_OTP" } }),
    );
    assert.equal(chosen.ChallengeName, "EMAIL_OTP");
    await local.codes.nextCode(TOTP.username);
    await sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    assert.equal((await signIn(TOTP.username, TOTP.password)).ChallengeName, "SOFTWARE_TOKEN_MFA");
    await local.resetUser(TOTP.username);
  });
});

describe("ChangePassword", () => {
  test("a wrong old password is NotAuthorizedException, a weak new one InvalidPasswordException, and the new one works", async () => {
    const accessToken = await accessTokenOf(PLAIN.username, PLAIN.password);
    await assert.rejects(sdk.send(new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: "Wrong-Passw0rd!", ProposedPassword: "Other-Passw0rd!" })), { name: "NotAuthorizedException" });
    await assert.rejects(sdk.send(new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: PLAIN.password, ProposedPassword: "weak" })), { name: "InvalidPasswordException" });
    await sdk.send(new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: PLAIN.password, ProposedPassword: "Other-Passw0rd!" }));
    assert.ok((await signIn(PLAIN.username, "Other-Passw0rd!")).AuthenticationResult?.AccessToken);
    await local.resetUser(PLAIN.username);
  });
});
