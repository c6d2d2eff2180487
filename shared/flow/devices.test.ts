import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createFlow, type Flow } from "./flow.js";
import type { RememberedDevice } from "./device-auth.js";
import type { SignInOutcome, SignedInOutcome } from "./outcome.js";
import { AuthError } from "../errors/auth-error.js";
import type { LocalCognito } from "../local-cognito/local-cognito.js";
import { DEMO, publicPort, serverPort, startQuietLocalCognito } from "../../testing/support/cognito-fixture.js";

// Remembered devices through the real SDK: the local Cognito tracks devices as a pool with
// ChallengeRequiredOnNewDevice and DeviceOnlyRememberedOnUserPrompt does.
let local: LocalCognito;
before(async () => {
  local = await startQuietLocalCognito();
});
after(() => local.stop());

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => error instanceof AuthError && error.code === code);
}

/** Signs DEMO in, answering the SMS code when one is asked; reports whether a code was asked. */
async function signInDemo(flow: Flow, device?: RememberedDevice): Promise<{ done: SignedInOutcome; codeAsked: boolean }> {
  let outcome: SignInOutcome = await flow.signIn({ ...DEMO, ...(device ? { device } : {}) });
  const codeAsked = outcome.status === "challenge";
  if (outcome.status === "challenge") {
    assert.equal(outcome.challenge.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    outcome = await flow.confirm(outcome.challenge, { challengeResponse: await local.codes.nextCode(DEMO.username), ...(device ? { device } : {}) });
  }
  assert.equal(outcome.status, "signed-in");
  return { done: outcome as SignedInOutcome, codeAsked };
}

for (const [client, port] of [
  ["server client", serverPort],
  ["public client", publicPort],
] as const) {
  describe(`device lifecycle (${client})`, () => {
    test("new → confirm → remember → DONE without a code → refresh with the device key → forget → a code again", async () => {
      const flow = createFlow({ cognito: port(local) });

      // A first sign-in: Cognito names a new device.
      const first = await signInDemo(flow);
      assert.ok(first.codeAsked);
      assert.deepEqual(first.done.result.device, { status: "new" });
      const newDevice = first.done.newDevice ?? assert.fail("no NewDeviceMetadata");

      const kept = await flow.confirmDevice({ accessToken: first.done.tokens.accessToken, newDevice, deviceName: "Test laptop" });
      assert.equal(kept.deviceKey, newDevice.deviceKey);
      assert.equal(kept.deviceGroupKey, newDevice.deviceGroupKey);
      assert.ok(kept.devicePassword.length >= 32);
      assert.equal(kept.userConfirmationNecessary, true, "the pool remembers devices only when the user says so");
      const device: RememberedDevice = { deviceKey: kept.deviceKey, deviceGroupKey: kept.deviceGroupKey, devicePassword: kept.devicePassword };

      // Confirmed but not remembered: MFA as usual, and the device is known (no new one).
      const known = await signInDemo(flow, device);
      assert.ok(known.codeAsked);
      assert.deepEqual(known.done.result.device, { status: "not-remembered" });
      assert.equal(known.done.newDevice, undefined);

      await flow.rememberDevice({ accessToken: known.done.tokens.accessToken, deviceKey: device.deviceKey });
      const listed = await flow.listDevices({ accessToken: known.done.tokens.accessToken });
      const mine = listed.find((entry) => entry.id === device.deviceKey) ?? assert.fail("device not listed");
      assert.equal(mine.remembered, true);
      assert.equal(mine.name, "Test laptop");
      assert.ok(mine.createdAt && Date.parse(mine.createdAt) > 0);

      // Remembered: the flow answers DEVICE_SRP_AUTH itself and no code is sent.
      const codesBefore = local.codes.countFor(DEMO.username);
      const remembered = await signInDemo(flow, device);
      assert.equal(remembered.codeAsked, false);
      assert.equal(local.codes.countFor(DEMO.username), codesBefore, "no SMS");
      assert.deepEqual(remembered.done.result.device, { status: "remembered" });

      // Tokens issued to a confirmed device refresh only with its key.
      const refreshToken = remembered.done.tokens.refreshToken ?? assert.fail("no refresh token");
      const refreshed = await flow.refresh({ refreshToken, cognitoUsername: remembered.done.cognitoUsername, deviceKey: device.deviceKey });
      assert.equal(refreshed.user.sub, remembered.done.user.sub);
      await rejectsWith(flow.refresh({ refreshToken, cognitoUsername: remembered.done.cognitoUsername }), "NOT_SIGNED_IN");

      await flow.forgetDevice({ accessToken: refreshed.tokens.accessToken, deviceKey: device.deviceKey });
      assert.equal((await flow.listDevices({ accessToken: refreshed.tokens.accessToken })).some((entry) => entry.id === device.deviceKey), false);

      // A forgotten device key: Cognito just asks for MFA, and names a new device.
      const forgotten = await signInDemo(flow, device);
      assert.ok(forgotten.codeAsked);
      assert.deepEqual(forgotten.done.result.device, { status: "new" });
    });
  });
}

describe("a device secret Cognito refuses", () => {
  test("is not a wrong password: the sign-in goes on without the device, and MFA is asked", async () => {
    const flow = createFlow({ cognito: serverPort(local) });
    const { done } = await signInDemo(flow);
    const kept = await flow.confirmDevice({ accessToken: done.tokens.accessToken, newDevice: done.newDevice! });
    await flow.rememberDevice({ accessToken: done.tokens.accessToken, deviceKey: kept.deviceKey });
    const tampered: RememberedDevice = { ...kept, devicePassword: "not-the-device-secret" };
    const outcome = await flow.signIn({ ...DEMO, device: tampered });
    assert.equal(outcome.status, "challenge");
    if (outcome.status !== "challenge") return;
    assert.equal(outcome.challenge.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    assert.equal(outcome.challenge.deviceKey, undefined);
    await local.codes.nextCode(DEMO.username);
  });
});

describe("device calls", () => {
  test("a device that is not the user's is INVALID_REQUEST; a made-up access token is NOT_SIGNED_IN", async () => {
    const flow = createFlow({ cognito: serverPort(local) });
    const { done } = await signInDemo(flow);
    await rejectsWith(flow.rememberDevice({ accessToken: done.tokens.accessToken, deviceKey: "us-east-1_00000000-0000-0000-0000-000000000000" }), "INVALID_REQUEST");
    await rejectsWith(flow.listDevices({ accessToken: "not-a-token" }), "NOT_SIGNED_IN");
  });

  test("doNotRememberDevice brings MFA back", async () => {
    const flow = createFlow({ cognito: serverPort(local) });
    const { done } = await signInDemo(flow);
    const kept = await flow.confirmDevice({ accessToken: done.tokens.accessToken, newDevice: done.newDevice! });
    await flow.rememberDevice({ accessToken: done.tokens.accessToken, deviceKey: kept.deviceKey });
    assert.equal((await signInDemo(flow, kept)).codeAsked, false);
    await flow.doNotRememberDevice({ accessToken: done.tokens.accessToken, deviceKey: kept.deviceKey });
    assert.equal((await signInDemo(flow, kept)).codeAsked, true);
  });
});
