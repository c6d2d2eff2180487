import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../cognito/secret-hash.js";
import { startQuietLocalCognito, DEMO, PLAIN, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import type { LocalCognito } from "./local-cognito.js";

// The strict layer's rules, checked with the raw SDK: these are the Cognito behaviours the
// emulator alone would not enforce.
let local: LocalCognito;
let now = Date.now();
let sdk: CognitoIdentityProviderClient;
before(async () => {
  local = await startQuietLocalCognito({ challengeTtlMs: 60_000, now: () => now });
  sdk = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
after(() => local.stop());

const hash = (username: string) => secretHash(username, local.serverClient.clientId, local.serverClient.clientSecret);
const rejectsWithMessage = (promise: Promise<unknown>, name: string, message: RegExp) =>
  assert.rejects(promise, (error: Error) => error.name === name && message.test(error.message));

async function startSmsChallenge() {
  const output = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: local.serverClient.clientId,
      AuthParameters: { USERNAME: DEMO.username, PASSWORD: DEMO.password, SECRET_HASH: hash(DEMO.username) },
    }),
  );
  assert.equal(output.ChallengeName, "SMS_MFA");
  const code = await local.codes.nextCode(DEMO.username);
  const answer = (smsCode: string, session = output.Session!) =>
    sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: local.serverClient.clientId,
        ChallengeName: "SMS_MFA",
        Session: session,
        ChallengeResponses: { USERNAME: output.ChallengeParameters!.USER_ID_FOR_SRP!, SMS_MFA_CODE: smsCode, SECRET_HASH: hash(DEMO.username) },
      }),
    );
  return { code, answer, session: output.Session! };
}

describe("strict layer: Cognito behaviours cognito-local lacks", () => {
  test("a client with a secret refuses a sign-in without SECRET_HASH", async () => {
    await rejectsWithMessage(
      sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: local.serverClient.clientId, AuthParameters: { USERNAME: PLAIN.username, PASSWORD: PLAIN.password } })),
      "NotAuthorizedException",
      new RegExp(`Unable to verify secret hash for client ${local.serverClient.clientId}`),
    );
  });

  test("a client with a secret refuses a wrong SECRET_HASH, including one made with the wrong username", async () => {
    await rejectsWithMessage(
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: local.serverClient.clientId,
          AuthParameters: { USERNAME: PLAIN.username, PASSWORD: PLAIN.password, SECRET_HASH: hash(DEMO.username) },
        }),
      ),
      "NotAuthorizedException",
      /Unable to verify secret hash/,
    );
  });

  test("the public client needs no SECRET_HASH", async () => {
    const output = await sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: PLAIN.username, PASSWORD: PLAIN.password } }));
    assert.ok(output.AuthenticationResult?.AccessToken);
  });

  test("a challenge Session survives a wrong code and is spent by the right one", async () => {
    const { code, answer } = await startSmsChallenge();
    await rejectsWithMessage(answer(wrongCodeFor(code)), "CodeMismatchException", /./);
    const output = await answer(code);
    assert.ok(output.AuthenticationResult?.AccessToken);
    await rejectsWithMessage(answer(code), "NotAuthorizedException", /Invalid session for the user/);
  });

  test("a challenge Session expires: 'Invalid session for the user, session is expired.'", async () => {
    const { code, answer } = await startSmsChallenge();
    now += 60_000;
    try {
      await rejectsWithMessage(answer(code), "NotAuthorizedException", /Invalid session for the user, session is expired\./);
    } finally {
      now = Date.now();
    }
  });

  test("a made-up Session is refused", async () => {
    const { code, answer } = await startSmsChallenge();
    await rejectsWithMessage(answer(code, "forged-session"), "NotAuthorizedException", /Invalid session/);
  });

  test("the refresh token issued after an SMS challenge works for REFRESH_TOKEN_AUTH", async () => {
    const { code, answer } = await startSmsChallenge();
    const output = await answer(code);
    const refreshed = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: local.serverClient.clientId,
        AuthParameters: { REFRESH_TOKEN: output.AuthenticationResult!.RefreshToken!, SECRET_HASH: hash(DEMO.username) },
      }),
    );
    assert.ok(refreshed.AuthenticationResult?.AccessToken);
  });

  test("a wrong password is NotAuthorizedException 'Incorrect username or password.', as in Cognito", async () => {
    await rejectsWithMessage(
      sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: PLAIN.username, PASSWORD: "nope" } })),
      "NotAuthorizedException",
      /^Incorrect username or password\.$/,
    );
  });
});
