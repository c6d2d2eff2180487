import assert from "node:assert/strict";
import { after, before, test } from "node:test";

// No Secret Service (no D-Bus session): the device must live in memory only.
delete process.env.DBUS_SESSION_BUS_ADDRESS;
delete process.env.DISPLAY;
delete process.env.XDG_RUNTIME_DIR;

const { DEMO, startQuietLocalCognito } = await import("../../testing/support/cognito-fixture.js");
const { desktopHarness } = await import("../../testing/desktop/desktop-harness.js");

let local: Awaited<ReturnType<typeof startQuietLocalCognito>>;
before(async () => {
  local = await startQuietLocalCognito();
});
after(() => local.stop());

test("without a keychain, remember me + remember device: MFA skipped for this run, asked again after a restart", async () => {
  const first = desktopHarness(local);
  assert.equal((await first.service.restore()).keychain, "memory-only");
  await first.service.signIn({ ...DEMO, remember: true });
  const done = await first.service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
  assert.ok(done.isSignedIn);
  assert.deepEqual(done.device, { status: "new" });
  await first.devices.rememberDevice();
  await first.service.signOut();

  const sent = local.codes.countFor(DEMO.username);
  const again = await first.service.signIn({ ...DEMO, remember: true });
  assert.ok(again.isSignedIn, "the device held in memory skips MFA");
  assert.equal(local.codes.countFor(DEMO.username), sent);
  assert.equal(first.logger.lines.filter((line) => line.event.startsWith("keychain.")).length, 1, "the missing keychain is said once");
  await first.service.signOut();
  first.service.dispose();

  const restarted = desktopHarness(local, { keychainService: first.keychainService });
  await restarted.service.restore();
  assert.equal((await restarted.service.signIn({ ...DEMO, remember: true })).isSignedIn, false, "nothing survived the restart: MFA");
  await restarted.service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
  for (const device of (await restarted.devices.fetchDevices()).devices) await restarted.devices.forgetDevice({ deviceId: device.id });
  await restarted.service.signOut();
  restarted.service.dispose();
});
