import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEMO, startQuietLocalCognito } from "../../testing/support/cognito-fixture.js";
import type { LocalCognito } from "../../shared/local-cognito/local-cognito.js";
import { desktopHarness, type DesktopHarness } from "../../testing/desktop/desktop-harness.js";
import { assertNoTokens } from "../../testing/desktop/auth-flow-suite.js";
import { loadKeytar } from "./keychain/keytar-backend.js";
import { parseStoredDevice } from "./keychain/stored-device.js";
import { parseStoredSession } from "./keychain/stored-session.js";

// Real keychain: gnome-keyring in a private D-Bus session (scripts/run-tests.mjs).
const keytar = loadKeytar();
const devicesOf = (service: string) => `${service}.devices`;

describe("remembered devices, with the OS keychain", () => {
  let local: LocalCognito;
  const started: DesktopHarness[] = [];
  const start = (options?: Parameters<typeof desktopHarness>[1]) => {
    const harness = desktopHarness(local, options);
    started.push(harness);
    return harness;
  };
  /** Signs DEMO in with the SMS code; returns the DONE result. */
  async function signInWithCode(harness: DesktopHarness, remember: boolean) {
    const first = await harness.service.signIn({ ...DEMO, remember });
    assert.equal(first.isSignedIn, false, "the SMS code is asked");
    return harness.service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
  }

  before(async () => {
    local = await startQuietLocalCognito();
  });
  after(async () => {
    for (const { service, keychainService } of started) {
      service.dispose();
      for (const name of [keychainService, devicesOf(keychainService)]) {
        for (const { account } of await keytar.findCredentials(name)) await keytar.deletePassword(name, account);
      }
    }
    await local.stop();
  });

  test("remember me + remember device → restart → the password alone signs in (no code sent) → forget → the code again", async () => {
    const first = start();
    await first.service.restore();
    const done = await signInWithCode(first, true);
    assert.ok(done.isSignedIn);
    assert.deepEqual(done.device, { status: "new" });

    // The device was confirmed with Cognito; this pool remembers it only when asked.
    const listed = await first.devices.fetchDevices();
    const mine = listed.devices.filter((device) => device.current);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.remembered, false);
    await first.devices.rememberDevice();
    assert.equal((await first.devices.fetchDevices()).devices.find((device) => device.current)?.remembered, true);
    assertNoTokens(listed);

    // Beside the refresh token, under its own keychain service: key, group key, device password.
    const stored = parseStoredDevice((await keytar.getPassword(devicesOf(first.keychainService), DEMO.username)) ?? "");
    assert.ok(stored, "the device entry is in the keychain");
    assert.equal(stored.deviceKey, mine[0]!.id);
    assert.ok(stored.devicePassword.length > 20);
    assert.doesNotMatch(JSON.stringify(listed), new RegExp(stored.devicePassword.slice(0, 16).replace(/[^\w]/g, ".")), "no device secret in a result");
    const session = parseStoredSession((await keytar.getPassword(first.keychainService, DEMO.username)) ?? "");
    assert.equal(session?.deviceKey, stored.deviceKey, "refresh needs the device key");
    first.service.dispose();

    // The next start: one refresh (with the device key), signed in without the form.
    const next = start({ keychainService: first.keychainService });
    assert.equal((await next.service.restore()).status, "signed-in");
    assert.equal(next.port.calls.refresh, 1);
    assert.equal((await next.devices.fetchDevices()).devices.find((device) => device.current)?.id, stored.deviceKey, "restored with its device");
    await next.service.signOut();
    assert.equal(await keytar.getPassword(first.keychainService, DEMO.username), null, "the refresh token goes at sign-out");
    assert.ok(await keytar.getPassword(devicesOf(first.keychainService), DEMO.username), "the device stays");

    // The password alone: DEVICE_SRP_AUTH instead of MFA, no SMS sent.
    const sent = local.codes.countFor(DEMO.username);
    const again = await next.service.signIn({ ...DEMO, remember: true });
    assert.ok(again.isSignedIn, "no MFA step for a remembered device");
    assert.deepEqual(again.device, { status: "remembered" });
    assert.equal(local.codes.countFor(DEMO.username), sent, "no code was sent");

    // Forget it: gone from Cognito and the keychain, and the next sign-in asks for the code.
    await next.devices.forgetDevice();
    assert.equal(await keytar.getPassword(devicesOf(first.keychainService), DEMO.username), null);
    assert.equal((await next.devices.fetchDevices()).devices.some((device) => device.id === stored.deviceKey), false);
    await next.service.signOut();
    const third = await next.service.signIn({ ...DEMO, remember: false });
    assert.equal(third.isSignedIn, false);
    assert.equal(local.codes.countFor(DEMO.username), sent + 1, "the code is sent again");
    await next.service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
    await next.devices.forgetDevice();
    await next.service.signOut();
  });

  test("remember me off: the device stays in memory for this run only, nothing in the keychain", async () => {
    const first = start();
    await first.service.restore();
    await signInWithCode(first, false);
    await first.devices.rememberDevice();
    assert.deepEqual(await keytar.findCredentials(devicesOf(first.keychainService)), []);
    assert.deepEqual(await keytar.findCredentials(first.keychainService), []);
    await first.service.signOut();

    // Same run: the remembered device skips MFA.
    const sent = local.codes.countFor(DEMO.username);
    assert.ok((await first.service.signIn({ ...DEMO, remember: false })).isSignedIn);
    assert.equal(local.codes.countFor(DEMO.username), sent);
    await first.service.signOut();
    first.service.dispose();

    // Restart: nothing was kept, so the code is asked.
    const next = start({ keychainService: first.keychainService });
    await next.service.restore();
    assert.equal((await next.service.signIn({ ...DEMO, remember: false })).isSignedIn, false);
    await next.service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
    // Tidy: forget both devices this test made.
    for (const device of (await next.devices.fetchDevices()).devices) await next.devices.forgetDevice({ deviceId: device.id });
    await next.service.signOut();
  });

  test("a device entry for another pool is not presented (MFA asked)", async () => {
    const first = start();
    await first.service.restore();
    await signInWithCode(first, true);
    await first.devices.rememberDevice();
    await first.service.signOut();
    const name = devicesOf(first.keychainService);
    const stored = parseStoredDevice((await keytar.getPassword(name, DEMO.username))!)!;
    await keytar.setPassword(name, DEMO.username, JSON.stringify({ ...stored, userPoolId: "eu-west-1_Other" }));
    first.service.dispose();

    const next = start({ keychainService: first.keychainService });
    await next.service.restore();
    assert.equal((await next.service.signIn({ ...DEMO, remember: false })).isSignedIn, false, "MFA asked");
    await next.service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
    for (const device of (await next.devices.fetchDevices()).devices) await next.devices.forgetDevice({ deviceId: device.id });
    await next.service.signOut();
  });
});
