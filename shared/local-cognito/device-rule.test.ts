import assert from "node:assert/strict";
import { generateKeyPairSync, createSign } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  UpdateDeviceStatusCommand,
  type AuthenticationResultType,
} from "@aws-sdk/client-cognito-identity-provider";
import { startQuietLocalCognito, DEMO, PLAIN } from "../../testing/support/cognito-fixture.js";
import { deviceSecretFor, srpSdk } from "../../testing/support/srp-sign-in.js";
import type { EmbeddedLocalCognito as LocalCognito } from "./local-cognito.js";

// Device tracking (ChallengeRequiredOnNewDevice, DeviceOnlyRememberedOnUserPrompt), checked
// with the raw SDK; SRP done by shared/srp.
let local: LocalCognito;
let sdk: CognitoIdentityProviderClient;
before(async () => {
  local = await startQuietLocalCognito();
  sdk = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});
after(() => local.stop());

const rejectsWith = (promise: Promise<unknown>, name: string, message?: RegExp) =>
  assert.rejects(promise, (error: Error) => error.name === name && (!message || message.test(error.message)));

/** DEMO through SMS MFA on the server client; returns the result (with NewDeviceMetadata when new). */
async function demoSignIn(deviceKey?: string): Promise<AuthenticationResultType> {
  const server = srpSdk(local, sdk, "server");
  const output = await server.signIn(DEMO.username, DEMO.password, deviceKey);
  assert.equal(output.ChallengeName, "SMS_MFA");
  const code = await local.codes.nextCode(DEMO.username);
  const done = await sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: server.clientId,
      ChallengeName: "SMS_MFA",
      Session: output.Session,
      ChallengeResponses: { USERNAME: DEMO.username, SMS_MFA_CODE: code, ...server.hash(DEMO.username), ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
    }),
  );
  return done.AuthenticationResult!;
}

async function confirmedDevice(remembered: boolean) {
  const result = await demoSignIn();
  const device = deviceSecretFor(result.NewDeviceMetadata!);
  const confirmed = await sdk.send(new ConfirmDeviceCommand({ AccessToken: result.AccessToken, DeviceKey: device.key, DeviceSecretVerifierConfig: device.secret.verifierConfig, DeviceName: "test laptop" }));
  assert.equal(confirmed.UserConfirmationNecessary, true);
  if (remembered) await sdk.send(new UpdateDeviceStatusCommand({ AccessToken: result.AccessToken, DeviceKey: device.key, DeviceRememberedStatus: "remembered" }));
  return { device, result };
}

const refresh = (refreshToken: string, deviceKey?: string) =>
  sdk.send(
    new InitiateAuthCommand({
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: local.serverClient.clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken, ...srpSdk(local, sdk, "server").hash(DEMO.username), ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
    }),
  );

describe("device tracking", () => {
  test("a sign-in from a new device carries NewDeviceMetadata with a region_uuid DeviceKey and a DeviceGroupKey", async () => {
    const output = await srpSdk(local, sdk, "public").passwordSignIn(PLAIN.username, PLAIN.password);
    const metadata = output.AuthenticationResult?.NewDeviceMetadata;
    assert.match(metadata?.DeviceKey ?? "", /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok(metadata?.DeviceGroupKey);
  });

  test("ConfirmDevice says UserConfirmationNecessary; the device is listed, not remembered, and MFA is still asked", async () => {
    const { device, result } = await confirmedDevice(false);
    const listed = await sdk.send(new ListDevicesCommand({ AccessToken: result.AccessToken, Limit: 60 }));
    const entry = listed.Devices?.find((candidate) => candidate.DeviceKey === device.key);
    const attributes = Object.fromEntries((entry?.DeviceAttributes ?? []).map((attribute) => [attribute.Name, attribute.Value]));
    assert.equal(attributes["dev:device_remembered_status"], "not_remembered");
    assert.equal(attributes.device_name, "test laptop");
    assert.ok(entry?.DeviceCreateDate instanceof Date);
    const again = await demoSignIn(device.key);
    assert.equal(again.NewDeviceMetadata, undefined, "a known device is not new");
  });

  test("a remembered device skips MFA: DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER → tokens, no code sent (SRP and USER_PASSWORD_AUTH)", async () => {
    const { device } = await confirmedDevice(true);
    const server = srpSdk(local, sdk, "server");
    const codesBefore = local.codes.countFor(DEMO.username);
    for (const first of [() => server.signIn(DEMO.username, DEMO.password, device.key), () => server.passwordSignIn(DEMO.username, DEMO.password, device.key)]) {
      const challenge = await first();
      assert.equal(challenge.ChallengeName, "DEVICE_SRP_AUTH");
      const done = await server.proveDevice(DEMO.username, device, challenge.Session!);
      assert.ok(done.AuthenticationResult?.AccessToken);
      assert.equal(done.AuthenticationResult?.NewDeviceMetadata, undefined);
    }
    assert.equal(local.codes.countFor(DEMO.username), codesBefore);
  });

  test("a device secret that does not match the verifier is refused", async () => {
    const { device } = await confirmedDevice(true);
    const server = srpSdk(local, sdk, "server");
    const challenge = await server.passwordSignIn(DEMO.username, DEMO.password, device.key);
    const impostor = { ...device, secret: { ...device.secret, devicePassword: "guessed" } };
    await rejectsWith(server.proveDevice(DEMO.username, impostor, challenge.Session!), "NotAuthorizedException");
  });

  test("a wrong password with a remembered device's key is still refused before any challenge", async () => {
    const { device } = await confirmedDevice(true);
    await rejectsWith(srpSdk(local, sdk, "server").passwordSignIn(DEMO.username, "Wrong-Passw0rd!", device.key), "NotAuthorizedException", /^Incorrect username or password\.$/);
    await rejectsWith(srpSdk(local, sdk, "server").signIn(DEMO.username, "Wrong-Passw0rd!", device.key), "NotAuthorizedException", /^Incorrect username or password\.$/);
  });

  test("a remembered device does not skip a required new password (FORCE_CHANGE_PASSWORD after an admin reset)", async () => {
    const { device } = await confirmedDevice(true);
    const pool = await local.services.cognito.getUserPool({ logger: console as never }, local.userPoolId);
    const user = await pool.getUserByUsername({ logger: console as never }, DEMO.username);
    await pool.saveUser({ logger: console as never }, { ...user!, UserStatus: "FORCE_CHANGE_PASSWORD" });
    try {
      const output = await srpSdk(local, sdk, "server").passwordSignIn(DEMO.username, DEMO.password, device.key);
      assert.equal(output.ChallengeName, "NEW_PASSWORD_REQUIRED");
    } finally {
      await local.resetUser(DEMO.username);
    }
  });

  test("another user's remembered device key does not skip MFA", async () => {
    const plain = await srpSdk(local, sdk, "public").passwordSignIn(PLAIN.username, PLAIN.password);
    const device = deviceSecretFor(plain.AuthenticationResult!.NewDeviceMetadata!);
    await sdk.send(new ConfirmDeviceCommand({ AccessToken: plain.AuthenticationResult!.AccessToken, DeviceKey: device.key, DeviceSecretVerifierConfig: device.secret.verifierConfig }));
    await sdk.send(new UpdateDeviceStatusCommand({ AccessToken: plain.AuthenticationResult!.AccessToken, DeviceKey: device.key, DeviceRememberedStatus: "remembered" }));
    const result = await demoSignIn(device.key);
    assert.ok(result.NewDeviceMetadata, "for DEMO it is a new device");
    // And DEMO cannot touch PLAIN's device.
    await rejectsWith(sdk.send(new GetDeviceCommand({ AccessToken: result.AccessToken, DeviceKey: device.key })), "ResourceNotFoundException");
  });

  test("not_remembered again: MFA is asked again", async () => {
    const { device, result } = await confirmedDevice(true);
    await sdk.send(new UpdateDeviceStatusCommand({ AccessToken: result.AccessToken, DeviceKey: device.key, DeviceRememberedStatus: "not_remembered" }));
    await demoSignIn(device.key);
  });

  test("ForgetDevice: the device is gone from ListDevices and its key no longer skips MFA", async () => {
    const { device, result } = await confirmedDevice(true);
    await sdk.send(new ForgetDeviceCommand({ AccessToken: result.AccessToken, DeviceKey: device.key }));
    const listed = await sdk.send(new ListDevicesCommand({ AccessToken: result.AccessToken }));
    assert.ok(!listed.Devices?.some((candidate) => candidate.DeviceKey === device.key));
    await rejectsWith(sdk.send(new GetDeviceCommand({ AccessToken: result.AccessToken, DeviceKey: device.key })), "ResourceNotFoundException");
    const again = await demoSignIn(device.key);
    assert.ok(again.NewDeviceMetadata);
  });

  test("ListDevices pages with Limit and PaginationToken; GetDevice describes one device", async () => {
    const first = await confirmedDevice(false);
    await confirmedDevice(false);
    const token = first.result.AccessToken;
    const page = await sdk.send(new ListDevicesCommand({ AccessToken: token, Limit: 1 }));
    assert.equal(page.Devices?.length, 1);
    assert.ok(page.PaginationToken);
    const next = await sdk.send(new ListDevicesCommand({ AccessToken: token, Limit: 1, PaginationToken: page.PaginationToken }));
    assert.notEqual(next.Devices?.[0]?.DeviceKey, page.Devices?.[0]?.DeviceKey);
    const one = await sdk.send(new GetDeviceCommand({ AccessToken: token, DeviceKey: first.device.key }));
    assert.equal(one.Device?.DeviceKey, first.device.key);
  });

  test("a refresh token issued to a confirmed device needs its DEVICE_KEY: without it 'Invalid Refresh Token'", async () => {
    const { device, result } = await confirmedDevice(false);
    await rejectsWith(refresh(result.RefreshToken!), "NotAuthorizedException", /^Invalid Refresh Token$/);
    const refreshed = await refresh(result.RefreshToken!, device.key);
    assert.ok(refreshed.AuthenticationResult?.AccessToken);
  });

  test("GetTokensFromRefreshToken needs the DeviceKey too, and the rotated token stays bound to the device", async () => {
    const { device, result } = await confirmedDevice(false);
    const rotate = (refreshToken: string, deviceKey?: string) =>
      sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: local.serverClient.clientId, ClientSecret: local.serverClient.clientSecret, RefreshToken: refreshToken, ...(deviceKey ? { DeviceKey: deviceKey } : {}) }));
    await rejectsWith(rotate(result.RefreshToken!), "NotAuthorizedException", /^Invalid Refresh Token$/);
    const rotated = await rotate(result.RefreshToken!, device.key);
    await rejectsWith(rotate(rotated.AuthenticationResult!.RefreshToken!), "NotAuthorizedException", /^Invalid Refresh Token$/);
    assert.ok((await rotate(rotated.AuthenticationResult!.RefreshToken!, device.key)).AuthenticationResult?.AccessToken);
  });

  test("a refresh token from a sign-in whose device was never confirmed refreshes without DEVICE_KEY", async () => {
    const result = await demoSignIn();
    assert.ok((await refresh(result.RefreshToken!)).AuthenticationResult?.AccessToken);
  });

  test("the device SRP sign-in's refresh token is bound to that device", async () => {
    const { device } = await confirmedDevice(true);
    const server = srpSdk(local, sdk, "server");
    const challenge = await server.passwordSignIn(DEMO.username, DEMO.password, device.key);
    const done = await server.proveDevice(DEMO.username, device, challenge.Session!);
    await rejectsWith(refresh(done.AuthenticationResult!.RefreshToken!), "NotAuthorizedException", /^Invalid Refresh Token$/);
    assert.ok((await refresh(done.AuthenticationResult!.RefreshToken!, device.key)).AuthenticationResult?.AccessToken);
  });
});

describe("access tokens: only the ones the local Cognito signed", () => {
  async function plainToken() {
    return (await srpSdk(local, sdk, "public").passwordSignIn(PLAIN.username, PLAIN.password)).AuthenticationResult!.AccessToken!;
  }

  test("GetUser accepts a real token", async () => {
    const user = await sdk.send(new GetUserCommand({ AccessToken: await plainToken() }));
    assert.equal(user.Username, PLAIN.username);
  });

  test("a token whose payload was edited (another user) is refused: signature checked, not just decoded", async () => {
    const [header, payload, signature] = (await plainToken()).split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, username: DEMO.username, sub: DEMO.username })).toString("base64url")}.${signature}`;
    await rejectsWith(sdk.send(new GetUserCommand({ AccessToken: forged })), "NotAuthorizedException");
    await rejectsWith(sdk.send(new ListDevicesCommand({ AccessToken: forged })), "NotAuthorizedException");
  });

  test("a token signed by another key with the same kid is refused", async () => {
    const claims = JSON.parse(Buffer.from((await plainToken()).split(".")[1]!, "base64url").toString());
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const body = `${encode({ alg: "RS256", kid: "CognitoLocal", typ: "JWT" })}.${encode(claims)}`;
    const token = `${body}.${createSign("RSA-SHA256").update(body).sign(privateKey).toString("base64url")}`;
    await rejectsWith(sdk.send(new GetUserCommand({ AccessToken: token })), "NotAuthorizedException");
  });

  test("an unsigned (alg none) token is refused", async () => {
    const claims = JSON.parse(Buffer.from((await plainToken()).split(".")[1]!, "base64url").toString());
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    await rejectsWith(sdk.send(new ConfirmDeviceCommand({ AccessToken: `${encode({ alg: "none" })}.${encode(claims)}.`, DeviceKey: "us-east-1_x", DeviceSecretVerifierConfig: { PasswordVerifier: "AA==", Salt: "AA==" } })), "NotAuthorizedException");
  });
});
