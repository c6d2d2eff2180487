import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../cognito/secret-hash.js";
import { startQuietLocalCognito, DEMO, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import type { LocalCognito } from "./local-cognito.js";
import { createSrpClient } from "../srp/index.js";

// Choice-based sign-in (InitiateAuth USER_AUTH) through the real SDK.
let local: LocalCognito;
let now = Date.now();
let sdk: CognitoIdentityProviderClient;
const lines: string[] = [];
before(async () => {
  local = await startQuietLocalCognito({ challengeTtlMs: 60_000, now: () => now, print: true, output: (line) => lines.push(line) });
  sdk = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
after(() => local.stop());

const PASSWORDLESS = { username: "passwordless@example.com", password: "Passwordless-Passw0rd!" };
const userAuth = (username: string, extra: Record<string, string> = {}) =>
  sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: username, ...extra } }));
const respond = (challengeName: string, session: string, responses: Record<string, string>) =>
  sdk.send(new RespondToAuthChallengeCommand({ ClientId: local.publicClientId, ChallengeName: challengeName as never, Session: session, ChallengeResponses: responses }));

describe("user-auth rule: InitiateAuth USER_AUTH", () => {
  test("without a preference: SELECT_CHALLENGE with what this user can do", async () => {
    const output = await userAuth(PASSWORDLESS.username);
    assert.equal(output.ChallengeName, "SELECT_CHALLENGE");
    assert.deepEqual(output.AvailableChallenges, ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]);
    const unconfirmed = await userAuth("unconfirmed@example.com");
    assert.deepEqual(unconfirmed.AvailableChallenges, ["PASSWORD", "PASSWORD_SRP"]);
  });

  test("PREFERRED_CHALLENGE PASSWORD with PASSWORD: MFA as usual (SMS for demo@example.com)", async () => {
    const output = await userAuth(DEMO.username, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: DEMO.password });
    assert.equal(output.ChallengeName, "SMS_MFA");
    const code = await local.codes.nextCode(DEMO.username);
    const done = await respond("SMS_MFA", output.Session!, { USERNAME: DEMO.username, SMS_MFA_CODE: code });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  test("a wrong password as first factor is NotAuthorizedException", async () => {
    await assert.rejects(userAuth(PASSWORDLESS.username, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: "Wrong-Passw0rd!" }), { name: "NotAuthorizedException" });
  });

  test("PREFERRED_CHALLENGE EMAIL_OTP: a printed e-mail code, answered with EMAIL_OTP_CODE, signs in without MFA", async () => {
    const output = await userAuth(PASSWORDLESS.username, { PREFERRED_CHALLENGE: "EMAIL_OTP" });
    assert.equal(output.ChallengeName, "EMAIL_OTP");
    assert.equal(output.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, "EMAIL");
    assert.equal(output.ChallengeParameters?.CODE_DELIVERY_DESTINATION, "p***@e***");
    const code = await local.codes.nextCode(PASSWORDLESS.username);
    assert.ok(lines.includes(`[local-cognito] EMAIL to ${PASSWORDLESS.username} for ${PASSWORDLESS.username}: ${code}`));
    await assert.rejects(respond("EMAIL_OTP", output.Session!, { USERNAME: PASSWORDLESS.username, EMAIL_OTP_CODE: wrongCodeFor(code) }), { name: "CodeMismatchException" });
    const done = await respond("EMAIL_OTP", output.Session!, { USERNAME: PASSWORDLESS.username, EMAIL_OTP_CODE: code });
    assert.ok(done.AuthenticationResult?.AccessToken);
    await assert.rejects(respond("EMAIL_OTP", output.Session!, { USERNAME: PASSWORDLESS.username, EMAIL_OTP_CODE: code }), { name: "NotAuthorizedException" });
  });

  test("a passwordless first factor skips MFA: demo@example.com (SMS MFA) signs in with one e-mail code", async () => {
    const output = await userAuth(DEMO.username, { PREFERRED_CHALLENGE: "EMAIL_OTP" });
    assert.equal(output.ChallengeName, "EMAIL_OTP");
    const done = await respond("EMAIL_OTP", output.Session!, { USERNAME: DEMO.username, EMAIL_OTP_CODE: await local.codes.nextCode(DEMO.username) });
    assert.ok(done.AuthenticationResult?.RefreshToken);
  });

  test("SELECT_CHALLENGE answered SMS_OTP: a printed SMS code, answered with SMS_OTP_CODE", async () => {
    const select = await userAuth(PASSWORDLESS.username);
    const output = await respond("SELECT_CHALLENGE", select.Session!, { USERNAME: PASSWORDLESS.username, ANSWER: "SMS_OTP" });
    assert.equal(output.ChallengeName, "SMS_OTP");
    assert.equal(output.ChallengeParameters?.CODE_DELIVERY_DESTINATION, "+*******0122");
    const code = await local.codes.nextCode(PASSWORDLESS.username);
    assert.ok(lines.includes(`[local-cognito] SMS to +15555550122 for ${PASSWORDLESS.username}: ${code}`));
    // The code answers SMS_OTP only, under its own field name.
    await assert.rejects(respond("EMAIL_OTP", output.Session!, { USERNAME: PASSWORDLESS.username, EMAIL_OTP_CODE: code }), { name: "NotAuthorizedException" });
    const done = await respond("SMS_OTP", output.Session!, { USERNAME: PASSWORDLESS.username, SMS_OTP_CODE: code });
    assert.ok(done.AuthenticationResult?.AccessToken);
    // The SELECT_CHALLENGE session was spent by the choice.
    await assert.rejects(respond("SELECT_CHALLENGE", select.Session!, { USERNAME: PASSWORDLESS.username, ANSWER: "SMS_OTP" }), { name: "NotAuthorizedException" });
  });

  test("SELECT_CHALLENGE answered PASSWORD with PASSWORD signs in; a wrong password keeps the session", async () => {
    const select = await userAuth(PASSWORDLESS.username);
    await assert.rejects(respond("SELECT_CHALLENGE", select.Session!, { USERNAME: PASSWORDLESS.username, ANSWER: "PASSWORD", PASSWORD: "Wrong-Passw0rd!" }), { name: "NotAuthorizedException" });
    const done = await respond("SELECT_CHALLENGE", select.Session!, { USERNAME: PASSWORDLESS.username, ANSWER: "PASSWORD", PASSWORD: PASSWORDLESS.password });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  test("an answer the user was not offered is InvalidParameterException", async () => {
    const select = await userAuth("unconfirmed@example.com");
    await assert.rejects(respond("SELECT_CHALLENGE", select.Session!, { USERNAME: "unconfirmed@example.com", ANSWER: "EMAIL_OTP" }), { name: "InvalidParameterException" });
  });

  test("an unknown user gets a SELECT_CHALLENGE like anyone, and no answer signs them in", async () => {
    const select = await userAuth("nobody@example.com");
    assert.equal(select.ChallengeName, "SELECT_CHALLENGE");
    await assert.rejects(respond("SELECT_CHALLENGE", select.Session!, { USERNAME: "nobody@example.com", ANSWER: "PASSWORD", PASSWORD: "Any-Passw0rd!" }), { name: "NotAuthorizedException" });
  });

  test("an unknown user asking for an e-mail code gets an EMAIL_OTP challenge like a known one, but nothing is sent and no code works", async () => {
    const sentBefore = local.codes.sent.length;
    const output = await userAuth("nobody@example.com", { PREFERRED_CHALLENGE: "EMAIL_OTP" });
    assert.equal(output.ChallengeName, "EMAIL_OTP");
    assert.deepEqual(Object.keys(output.ChallengeParameters ?? {}).sort(), ["CODE_DELIVERY_DELIVERY_MEDIUM", "CODE_DELIVERY_DESTINATION", "USER_ID_FOR_SRP"]);
    assert.equal(local.codes.sent.length, sentBefore);
    await assert.rejects(respond("EMAIL_OTP", output.Session!, { USERNAME: "nobody@example.com", EMAIL_OTP_CODE: "123456" }), { name: "CodeMismatchException" });
  });

  test("the SELECT_CHALLENGE session expires", async () => {
    const select = await userAuth(PASSWORDLESS.username);
    now += 60_000;
    try {
      await assert.rejects(respond("SELECT_CHALLENGE", select.Session!, { USERNAME: PASSWORDLESS.username, ANSWER: "EMAIL_OTP" }), { name: "NotAuthorizedException" });
    } finally {
      now = Date.now();
    }
  });

  test("the app client with a secret wants SECRET_HASH on USER_AUTH", async () => {
    const clientId = local.serverClient.clientId;
    await assert.rejects(sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_AUTH", ClientId: clientId, AuthParameters: { USERNAME: PASSWORDLESS.username } })), { name: "NotAuthorizedException" });
    const hash = secretHash(PASSWORDLESS.username, clientId, local.serverClient.clientSecret);
    const output = await sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_AUTH", ClientId: clientId, AuthParameters: { USERNAME: PASSWORDLESS.username, SECRET_HASH: hash } }));
    assert.equal(output.ChallengeName, "SELECT_CHALLENGE");
  });

  test("PREFERRED_CHALLENGE PASSWORD_SRP: PASSWORD_VERIFIER, and the proven password signs in (no MFA for this user)", async () => {
    const client = createSrpClient();
    const output = await userAuth(PASSWORDLESS.username, { PREFERRED_CHALLENGE: "PASSWORD_SRP", SRP_A: client.srpA });
    assert.equal(output.ChallengeName, "PASSWORD_VERIFIER");
    const parameters = output.ChallengeParameters!;
    const claim = client.passwordClaim({
      poolName: local.userPoolId.split("_")[1]!,
      userId: parameters.USER_ID_FOR_SRP!,
      password: PASSWORDLESS.password,
      challenge: { SRP_B: parameters.SRP_B!, SALT: parameters.SALT!, SECRET_BLOCK: parameters.SECRET_BLOCK! },
    });
    const done = await sdk.send(
      new RespondToAuthChallengeCommand({ ClientId: local.publicClientId, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: { USERNAME: parameters.USER_ID_FOR_SRP!, ...claim } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
  });
});
