import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } from "@aws-sdk/client-cognito-identity-provider";
import { createSrpClient } from "../srp/index.js";
import { startQuietLocalCognito, DEMO, NEWPASS, PLAIN, TOTP } from "../../testing/support/cognito-fixture.js";
import { srpSdk } from "../../testing/support/srp-sign-in.js";
import type { LocalCognito } from "./local-cognito.js";

// USER_SRP_AUTH → PASSWORD_VERIFIER, and "a wrong password is refused before any challenge",
// checked with the raw SDK.
let local: LocalCognito;
let sdk: CognitoIdentityProviderClient;
before(async () => {
  local = await startQuietLocalCognito();
  sdk = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
after(() => local.stop());

const rejectsWith = (promise: Promise<unknown>, name: string, message?: RegExp) =>
  assert.rejects(promise, (error: Error) => error.name === name && (!message || message.test(error.message)));

describe("USER_SRP_AUTH → PASSWORD_VERIFIER", () => {
  test("InitiateAuth answers PASSWORD_VERIFIER with SRP_B, SALT, SECRET_BLOCK, USER_ID_FOR_SRP and USERNAME", async () => {
    const output = await sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_SRP_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: PLAIN.username, SRP_A: createSrpClient().srpA } }));
    assert.equal(output.ChallengeName, "PASSWORD_VERIFIER");
    const parameters = output.ChallengeParameters!;
    for (const name of ["SRP_B", "SALT", "SECRET_BLOCK"]) assert.ok(parameters[name], name);
    assert.match(parameters.SRP_B!, /^[0-9a-f]+$/);
    assert.equal(parameters.USER_ID_FOR_SRP, PLAIN.username);
    assert.equal(parameters.USERNAME, PLAIN.username);
  });

  test("the right password claim signs a user without MFA in (public client)", async () => {
    const output = await srpSdk(local, sdk, "public").signIn(PLAIN.username, PLAIN.password);
    assert.ok(output.AuthenticationResult?.AccessToken);
    assert.ok(output.AuthenticationResult?.RefreshToken);
  });

  test("with SECRET_HASH on the client with a secret, SRP leads to SMS_MFA and the code gives tokens", async () => {
    const server = srpSdk(local, sdk, "server");
    const output = await server.signIn(DEMO.username, DEMO.password);
    assert.equal(output.ChallengeName, "SMS_MFA");
    const code = await local.codes.nextCode(DEMO.username);
    const done = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: server.clientId,
        ChallengeName: "SMS_MFA",
        Session: output.Session,
        ChallengeResponses: { USERNAME: DEMO.username, SMS_MFA_CODE: code, ...server.hash(DEMO.username) },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  test("SRP for a TOTP user leads to SOFTWARE_TOKEN_MFA", async () => {
    const output = await srpSdk(local, sdk, "public").signIn(TOTP.username, TOTP.password);
    assert.equal(output.ChallengeName, "SOFTWARE_TOKEN_MFA");
  });

  test("the client with a secret refuses USER_SRP_AUTH without SECRET_HASH", async () => {
    await rejectsWith(
      sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_SRP_AUTH", ClientId: local.serverClient.clientId, AuthParameters: { USERNAME: PLAIN.username, SRP_A: createSrpClient().srpA } })),
      "NotAuthorizedException",
      /Unable to verify secret hash/,
    );
  });

  test("a wrong password gives NotAuthorizedException 'Incorrect username or password.' and sends no code", async () => {
    const before = local.codes.countFor(DEMO.username);
    await rejectsWith(srpSdk(local, sdk, "public").signIn(DEMO.username, "Wrong-Passw0rd!"), "NotAuthorizedException", /^Incorrect username or password\.$/);
    assert.equal(local.codes.countFor(DEMO.username), before);
  });

  test("an unknown user gets a PASSWORD_VERIFIER challenge too, then the same refusal", async () => {
    await rejectsWith(srpSdk(local, sdk, "public").signIn("nobody@example.com", "Some-Passw0rd!"), "NotAuthorizedException", /^Incorrect username or password\.$/);
  });

  test("a SECRET_BLOCK answers once: replaying a correct claim is refused", async () => {
    const client = createSrpClient();
    const started = await sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_SRP_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: PLAIN.username, SRP_A: client.srpA } }));
    const p = started.ChallengeParameters!;
    const claim = client.passwordClaim({ poolName: local.userPoolId.split("_")[1]!, userId: p.USER_ID_FOR_SRP!, password: PLAIN.password, challenge: { SRP_B: p.SRP_B!, SALT: p.SALT!, SECRET_BLOCK: p.SECRET_BLOCK! } });
    const answer = () => sdk.send(new RespondToAuthChallengeCommand({ ClientId: local.publicClientId, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP!, ...claim } }));
    assert.ok((await answer()).AuthenticationResult?.AccessToken);
    await rejectsWith(answer(), "NotAuthorizedException");
  });

  test("a claim signed for another pool name is refused", async () => {
    const client = createSrpClient();
    const started = await sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_SRP_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: PLAIN.username, SRP_A: client.srpA } }));
    const p = started.ChallengeParameters!;
    const claim = client.passwordClaim({ poolName: "OtherPool1", userId: p.USER_ID_FOR_SRP!, password: PLAIN.password, challenge: { SRP_B: p.SRP_B!, SALT: p.SALT!, SECRET_BLOCK: p.SECRET_BLOCK! } });
    await rejectsWith(
      sdk.send(new RespondToAuthChallengeCommand({ ClientId: local.publicClientId, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP!, ...claim } })),
      "NotAuthorizedException",
      /^Incorrect username or password\.$/,
    );
  });
});

describe("a wrong password is refused before any challenge, for every user status", () => {
  test("FORCE_CHANGE_PASSWORD with a wrong password: refused, not NEW_PASSWORD_REQUIRED (USER_PASSWORD_AUTH)", async () => {
    await rejectsWith(srpSdk(local, sdk, "server").passwordSignIn(NEWPASS.username, "Wrong-Passw0rd!"), "NotAuthorizedException", /^Incorrect username or password\.$/);
  });

  test("FORCE_CHANGE_PASSWORD with a wrong password: refused, not NEW_PASSWORD_REQUIRED (SRP)", async () => {
    await rejectsWith(srpSdk(local, sdk, "server").signIn(NEWPASS.username, "Wrong-Passw0rd!"), "NotAuthorizedException", /^Incorrect username or password\.$/);
  });

  test("FORCE_CHANGE_PASSWORD with the right password still gets NEW_PASSWORD_REQUIRED, by either flow", async () => {
    const sdkFlow = srpSdk(local, sdk, "server");
    assert.equal((await sdkFlow.passwordSignIn(NEWPASS.username, NEWPASS.password)).ChallengeName, "NEW_PASSWORD_REQUIRED");
    assert.equal((await sdkFlow.signIn(NEWPASS.username, NEWPASS.password)).ChallengeName, "NEW_PASSWORD_REQUIRED");
  });

  test("an SMS MFA user with a wrong password gets no code (USER_PASSWORD_AUTH)", async () => {
    const before = local.codes.countFor(DEMO.username);
    await rejectsWith(srpSdk(local, sdk, "server").passwordSignIn(DEMO.username, "Wrong-Passw0rd!"), "NotAuthorizedException", /^Incorrect username or password\.$/);
    assert.equal(local.codes.countFor(DEMO.username), before);
  });
});
