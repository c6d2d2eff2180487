import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { startQuietLocalCognito, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import type { EmbeddedLocalCognito as LocalCognito } from "./local-cognito.js";
import { quietLogger } from "./quiet-logger.js";

// Password reset and the seeded account states, through the real SDK.
let local: LocalCognito;
let now = Date.now();
let sdk: CognitoIdentityProviderClient;
const lines: string[] = [];
before(async () => {
  local = await startQuietLocalCognito({ now: () => now, print: true, output: (line) => lines.push(line) });
  sdk = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
after(() => local.stop());

const RESET = { username: "reset@example.com", password: "Reset-Passw0rd!" };
const UNCONFIRMED = { username: "unconfirmed@example.com", password: "Unconfirmed-Passw0rd!" };
const signIn = (username: string, password: string) =>
  sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: local.publicClientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));
const forgot = (username: string) => sdk.send(new ForgotPasswordCommand({ ClientId: local.publicClientId, Username: username }));
const confirm = (username: string, code: string, password: string) =>
  sdk.send(new ConfirmForgotPasswordCommand({ ClientId: local.publicClientId, Username: username, ConfirmationCode: code, Password: password }));

describe("seeded account states", () => {
  test("reset@example.com: the right password is PasswordResetRequiredException, a wrong one NotAuthorizedException", async () => {
    await assert.rejects(signIn(RESET.username, RESET.password), { name: "PasswordResetRequiredException" });
    await assert.rejects(signIn(RESET.username, "Wrong-Passw0rd!"), { name: "NotAuthorizedException" });
  });

  test("unconfirmed@example.com: the right password is UserNotConfirmedException, a wrong one NotAuthorizedException", async () => {
    await assert.rejects(signIn(UNCONFIRMED.username, UNCONFIRMED.password), { name: "UserNotConfirmedException" });
    await assert.rejects(signIn(UNCONFIRMED.username, "Wrong-Passw0rd!"), { name: "NotAuthorizedException" });
  });

  test("newpass@example.com: a wrong temporary password is NotAuthorizedException, not NEW_PASSWORD_REQUIRED", async () => {
    await assert.rejects(signIn("newpass@example.com", "Wrong-Passw0rd!"), { name: "NotAuthorizedException" });
    assert.equal((await signIn("newpass@example.com", "Temp-Passw0rd!")).ChallengeName, "NEW_PASSWORD_REQUIRED");
  });
});

describe("confirming the seeded unconfirmed user", () => {
  test("ResendConfirmationCode sends an e-mail code; ConfirmSignUp with it lets the password sign in", async () => {
    const sent = await sdk.send(new ResendConfirmationCodeCommand({ ClientId: local.publicClientId, Username: UNCONFIRMED.username }));
    assert.deepEqual(sent.CodeDeliveryDetails, { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: "u***@e***" });
    const code = await local.codes.nextCode(UNCONFIRMED.username);
    await sdk.send(new ConfirmSignUpCommand({ ClientId: local.publicClientId, Username: UNCONFIRMED.username, ConfirmationCode: code }));
    assert.ok((await signIn(UNCONFIRMED.username, UNCONFIRMED.password)).AuthenticationResult?.AccessToken);
    await local.resetUser(UNCONFIRMED.username);
  });
});

describe("forgot-password rule: ForgotPassword, ConfirmForgotPassword", () => {
  test("a RESET_REQUIRED user gets a printed e-mail code, sets a new password and signs in with it", async () => {
    const output = await forgot(RESET.username);
    assert.deepEqual(output.CodeDeliveryDetails, { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: "r***@e***" });
    const code = await local.codes.nextCode(RESET.username);
    assert.ok(lines.includes(`[local-cognito] EMAIL to ${RESET.username} for ${RESET.username}: ${code}`));
    await assert.rejects(confirm(RESET.username, wrongCodeFor(code), "Brand-New-Passw0rd!"), { name: "CodeMismatchException" });
    await assert.rejects(confirm(RESET.username, code, "weak"), { name: "InvalidPasswordException" });
    await confirm(RESET.username, code, "Brand-New-Passw0rd!");
    const signedIn = await signIn(RESET.username, "Brand-New-Passw0rd!");
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    // Spent: the same code does not reset the password twice.
    await assert.rejects(confirm(RESET.username, code, "Another-Passw0rd!"), { name: "CodeMismatchException" });
    await local.resetUser(RESET.username);
  });

  test("a reset code older than one hour is ExpiredCodeException", async () => {
    await forgot("plain@example.com");
    const code = await local.codes.nextCode("plain@example.com");
    now += 3600_000;
    try {
      await assert.rejects(confirm("plain@example.com", code, "Brand-New-Passw0rd!"), { name: "ExpiredCodeException" });
    } finally {
      now = Date.now();
    }
  });

  test("an unknown user gets the same keys and nothing is sent (PreventUserExistenceErrors ENABLED)", async () => {
    const sentBefore = local.codes.sent.length;
    const output = await forgot("nobody@example.com");
    assert.deepEqual(Object.keys(output.CodeDeliveryDetails ?? {}).sort(), ["AttributeName", "DeliveryMedium", "Destination"]);
    assert.equal(local.codes.sent.length, sentBefore);
    await assert.rejects(confirm("nobody@example.com", "123456", "Brand-New-Passw0rd!"), { name: "CodeMismatchException" });
  });

  test("an app client set to LEGACY says UserNotFoundException instead", async () => {
    const ctx = { logger: quietLogger };
    const pool = await local.services.cognito.getUserPool(ctx, local.userPoolId);
    const client = await local.services.cognito.getAppClient(ctx, local.publicClientId);
    await pool.saveAppClient(ctx, { ...client!, PreventUserExistenceErrors: "LEGACY" } as never);
    try {
      await assert.rejects(forgot("nobody@example.com"), { name: "UserNotFoundException" });
    } finally {
      await pool.saveAppClient(ctx, client!);
    }
  });

  test("a user without a verified e-mail or phone cannot reset: InvalidParameterException", async () => {
    await assert.rejects(forgot(UNCONFIRMED.username), { name: "InvalidParameterException" });
  });
});
