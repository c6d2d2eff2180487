import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../cognito/secret-hash.js";
import { startQuietLocalCognito, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import type { EmbeddedLocalCognito as LocalCognito } from "./local-cognito.js";
import { quietLogger } from "./quiet-logger.js";

// Self sign-up through the real SDK: codes sent, printed, expiring, and resent.
let local: LocalCognito;
let now = Date.now();
let sdk: CognitoIdentityProviderClient;
const lines: string[] = [];
before(async () => {
  local = await startQuietLocalCognito({ now: () => now, print: true, output: (line) => lines.push(line) });
  sdk = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
after(() => local.stop());

const PASSWORD = "Fresh-Passw0rd!";
let counter = 0;
const freshName = () => `new${++counter}-${Date.now()}@example.com`;
const signUp = (username: string, attributes = [{ Name: "email", Value: username }], password = PASSWORD) =>
  sdk.send(new SignUpCommand({ ClientId: local.publicClientId, Username: username, Password: password, UserAttributes: attributes }));

describe("sign-up rule: SignUp, ConfirmSignUp, ResendConfirmationCode", () => {
  test("SignUp sends an e-mail code, prints it on the EMAIL line and says where it went", async () => {
    const username = freshName();
    const output = await signUp(username);
    assert.equal(output.UserConfirmed, false);
    assert.ok(output.UserSub);
    assert.deepEqual(output.CodeDeliveryDetails, { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: `n***@e***` });
    const code = await local.codes.nextCode(username);
    assert.ok(lines.includes(`[local-cognito] EMAIL to ${username} for ${username}: ${code}`));
  });

  test("with a phone number the code goes by SMS, as Cognito prefers when both are auto-verified", async () => {
    const username = freshName();
    const output = await signUp(username, [{ Name: "email", Value: username }, { Name: "phone_number", Value: "+15555550199" }]);
    assert.equal(output.CodeDeliveryDetails?.DeliveryMedium, "SMS");
    assert.equal(output.CodeDeliveryDetails?.Destination, "+*******0199");
  });

  test("ConfirmSignUp: a wrong code is CodeMismatchException, the right one confirms, and the user signs in", async () => {
    const username = freshName();
    await signUp(username);
    const code = await local.codes.nextCode(username);
    await assert.rejects(sdk.send(new ConfirmSignUpCommand({ ClientId: local.publicClientId, Username: username, ConfirmationCode: wrongCodeFor(code) })), { name: "CodeMismatchException" });
    await sdk.send(new ConfirmSignUpCommand({ ClientId: local.publicClientId, Username: username, ConfirmationCode: code }));
    const signedIn = await sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: username, PASSWORD } }));
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    await assert.rejects(sdk.send(new ConfirmSignUpCommand({ ClientId: local.publicClientId, Username: username, ConfirmationCode: code })), { name: "NotAuthorizedException" });
  });

  test("before confirmation the right password is UserNotConfirmedException", async () => {
    const username = freshName();
    await signUp(username);
    await assert.rejects(
      sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: username, PASSWORD } })),
      { name: "UserNotConfirmedException" },
    );
  });

  test("a code older than 24 hours is ExpiredCodeException", async () => {
    const username = freshName();
    await signUp(username);
    const code = await local.codes.nextCode(username);
    now += 24 * 3600_000;
    try {
      await assert.rejects(sdk.send(new ConfirmSignUpCommand({ ClientId: local.publicClientId, Username: username, ConfirmationCode: code })), { name: "ExpiredCodeException" });
    } finally {
      now = Date.now();
    }
  });

  test("ResendConfirmationCode sends a new code and the old one stops working", async () => {
    const username = freshName();
    await signUp(username);
    const first = await local.codes.nextCode(username);
    const resent = await sdk.send(new ResendConfirmationCodeCommand({ ClientId: local.publicClientId, Username: username }));
    assert.equal(resent.CodeDeliveryDetails?.DeliveryMedium, "EMAIL");
    const second = await local.codes.nextCode(username);
    if (first !== second) {
      await assert.rejects(sdk.send(new ConfirmSignUpCommand({ ClientId: local.publicClientId, Username: username, ConfirmationCode: first })), { name: "CodeMismatchException" });
    }
    await sdk.send(new ConfirmSignUpCommand({ ClientId: local.publicClientId, Username: username, ConfirmationCode: second }));
    await assert.rejects(sdk.send(new ResendConfirmationCodeCommand({ ClientId: local.publicClientId, Username: username })), { name: "InvalidParameterException" });
  });

  test("ResendConfirmationCode for an unknown user answers like a known one (PreventUserExistenceErrors ENABLED) and sends nothing", async () => {
    const sentBefore = local.codes.sent.length;
    const output = await sdk.send(new ResendConfirmationCodeCommand({ ClientId: local.publicClientId, Username: "nobody@example.com" }));
    assert.deepEqual(Object.keys(output.CodeDeliveryDetails ?? {}).sort(), ["AttributeName", "DeliveryMedium", "Destination"]);
    assert.equal(local.codes.sent.length, sentBefore);
  });

  test("a taken username, in any letter case, is UsernameExistsException", async () => {
    await assert.rejects(signUp("plain@example.com"), { name: "UsernameExistsException" });
    await assert.rejects(signUp("PLAIN@example.com"), { name: "UsernameExistsException" });
  });

  test("a password outside the policy is InvalidPasswordException", async () => {
    await assert.rejects(signUp(freshName(), undefined, "short"), { name: "InvalidPasswordException" });
  });

  test("the app client with a secret wants SECRET_HASH on SignUp", async () => {
    const username = freshName();
    const base = { ClientId: local.serverClient.clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: "email", Value: username }] };
    await assert.rejects(sdk.send(new SignUpCommand(base)), { name: "NotAuthorizedException" });
    const output = await sdk.send(new SignUpCommand({ ...base, SecretHash: secretHash(username, local.serverClient.clientId, local.serverClient.clientSecret) }));
    assert.equal(output.UserConfirmed, false);
  });

  test("sign-in right after sign-up: ConfirmSignUp's Session to USER_AUTH gives tokens, once, for that user only", async () => {
    const username = freshName();
    const signedUp = await signUp(username);
    assert.ok(signedUp.Session);
    const confirmed = await sdk.send(new ConfirmSignUpCommand({ ClientId: local.publicClientId, Username: username, ConfirmationCode: await local.codes.nextCode(username) }));
    assert.ok(confirmed.Session);
    const userAuth = (session: string, name = username) => sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_AUTH", ClientId: local.publicClientId, Session: session, AuthParameters: { USERNAME: name } }));
    await assert.rejects(userAuth(confirmed.Session, "plain@example.com"), { name: "NotAuthorizedException" });
    const signedIn = await userAuth(confirmed.Session);
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    await assert.rejects(userAuth(confirmed.Session), { name: "NotAuthorizedException" });
  });

  test("ConfirmSignUp's Session expires with the challenge lifetime", async () => {
    const username = freshName();
    await signUp(username);
    const confirmed = await sdk.send(new ConfirmSignUpCommand({ ClientId: local.publicClientId, Username: username, ConfirmationCode: await local.codes.nextCode(username) }));
    now += 180_000;
    try {
      await assert.rejects(
        sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_AUTH", ClientId: local.publicClientId, Session: confirmed.Session!, AuthParameters: { USERNAME: username } })),
        { name: "NotAuthorizedException" },
      );
    } finally {
      now = Date.now();
    }
  });

  test("a user cannot mark their own e-mail verified at sign-up", async () => {
    const username = freshName();
    await signUp(username, [{ Name: "email", Value: username }, { Name: "email_verified", Value: "true" }]);
    const ctx = { logger: quietLogger };
    const pool = await local.services.cognito.getUserPool(ctx, local.userPoolId);
    const user = await pool.getUserByUsername(ctx, username);
    assert.equal(user?.Attributes.find((attribute) => attribute.Name === "email_verified"), undefined);
  });
});
