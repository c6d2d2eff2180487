import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CognitoIdentityProviderClient, GetUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand } from "@aws-sdk/client-cognito-identity-provider";
import { startQuietLocalCognito, SETUP, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import type { LocalCognito } from "./local-cognito.js";

// MFA_SETUP in a pool that requires MFA: e-mail as well as an authenticator app.
let local: LocalCognito;
let sdk: CognitoIdentityProviderClient;
const lines: string[] = [];
before(async () => {
  local = await startQuietLocalCognito({ print: true, output: (line) => lines.push(line) });
  sdk = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
after(() => local.stop());

const signIn = () => sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: SETUP.username, PASSWORD: SETUP.password } }));
const respond = (challengeName: string, session: string, responses: Record<string, string>) =>
  sdk.send(new RespondToAuthChallengeCommand({ ClientId: local.publicClientId, ChallengeName: challengeName as never, Session: session, ChallengeResponses: { USERNAME: SETUP.username, ...responses } }));

describe("mfa-setup rule: MFA_SETUP offering e-mail", () => {
  test("MFAS_CAN_SETUP lists the authenticator app and e-mail", async () => {
    const output = await signIn();
    assert.equal(output.ChallengeName, "MFA_SETUP");
    assert.deepEqual(JSON.parse(output.ChallengeParameters!.MFAS_CAN_SETUP!), ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]);
  });

  test("an address that is not one is InvalidParameterException and the session stays open", async () => {
    const output = await signIn();
    await assert.rejects(respond("MFA_SETUP", output.Session!, { EMAIL: "not-an-address" }), { name: "InvalidParameterException" });
    const next = await respond("MFA_SETUP", output.Session!, { EMAIL: "setup.mail@example.com" });
    assert.equal(next.ChallengeName, "EMAIL_OTP");
  });

  test("answering with EMAIL sends a printed code there; the right EMAIL_OTP code signs in and turns e-mail MFA on", async () => {
    const output = await signIn();
    const next = await respond("MFA_SETUP", output.Session!, { EMAIL: "setup.mail@example.com" });
    assert.equal(next.ChallengeName, "EMAIL_OTP");
    assert.equal(next.ChallengeParameters?.CODE_DELIVERY_DESTINATION, "s***@e***");
    // The MFA_SETUP session was spent by the answer.
    await assert.rejects(respond("MFA_SETUP", output.Session!, { EMAIL: "setup.mail@example.com" }), { name: "NotAuthorizedException" });
    const code = await local.codes.nextCode(SETUP.username);
    assert.ok(lines.some((line) => line.startsWith("[local-cognito] EMAIL to setup.mail@example.com for ") && line.endsWith(`: ${code}`)));
    await assert.rejects(respond("EMAIL_OTP", next.Session!, { EMAIL_OTP_CODE: wrongCodeFor(code) }), { name: "CodeMismatchException" });
    const done = await respond("EMAIL_OTP", next.Session!, { EMAIL_OTP_CODE: code });
    const user = await sdk.send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
    assert.deepEqual(user.UserMFASettingList, ["EMAIL_OTP"]);
    const attributes = Object.fromEntries((user.UserAttributes ?? []).map((attribute) => [attribute.Name, attribute.Value]));
    assert.equal(attributes.email, "setup.mail@example.com");
    assert.equal(attributes.email_verified, "true");
    // From now on, sign-in asks for an e-mail code.
    assert.equal((await signIn()).ChallengeName, "EMAIL_OTP");
    await local.resetUser(SETUP.username);
  });
});
