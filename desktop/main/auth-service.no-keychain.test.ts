import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

// No Secret Service: no D-Bus session bus, no X11 display to autolaunch one, and a private
// HOME so that anything written "to disk" would land where this test looks. This must happen
// before keytar is loaded (the vault loads it lazily, on first use).
delete process.env.DBUS_SESSION_BUS_ADDRESS;
delete process.env.DISPLAY;
delete process.env.XDG_RUNTIME_DIR;
const home = mkdtempSync(path.join(tmpdir(), "cmk-no-keychain-home-"));
process.env.HOME = home;

const { DEMO, PLAIN, startQuietLocalCognito } = await import("../../testing/support/cognito-fixture.js");
const { authFlowSuite } = await import("../../testing/desktop/auth-flow-suite.js");
const { desktopHarness } = await import("../../testing/desktop/desktop-harness.js");
const { loadKeytar } = await import("./keychain/keytar-backend.js");

authFlowSuite("memory-only");

describe("no keychain (no D-Bus session)", () => {
  let local: Awaited<ReturnType<typeof startQuietLocalCognito>>;
  before(async () => {
    local = await startQuietLocalCognito();
  });
  after(() => local.stop());

  test("keytar really fails here, the way a machine without a Secret Service fails", async () => {
    await assert.rejects(loadKeytar().findCredentials("cognito-mfa-kit-probe"), /D-Bus|DBus|dbus/);
  });

  test("sign-in with remember still works, says memory-only once, and writes no token to disk", async () => {
    const { service, logger } = desktopHarness(local);
    const states: Array<{ keychain: string }> = [];
    service.onState((state) => states.push(state));
    assert.equal((await service.restore()).keychain, "memory-only");

    await service.signIn({ ...DEMO, remember: true });
    const done = await service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
    assert.ok(done.isSignedIn);
    const state = service.getState();
    assert.equal(state.status, "signed-in");
    assert.equal(state.keychain, "memory-only");
    assert.equal(state.remembered, false);
    assert.ok(states.every((s) => s.keychain === "memory-only"));
    await service.signOut();

    await service.signIn({ ...PLAIN, remember: true });
    const accessToken = service.accessToken();
    assert.ok(accessToken);
    await service.signOut();

    const warnings = logger.lines.filter((line) => line.event.startsWith("keychain."));
    assert.equal(warnings.length, 1, "the missing keychain is reported once");
    assert.equal(warnings[0]?.event, "keychain.unavailable");

    // Nothing under HOME (where a fallback store would go) holds a token or its pieces.
    for (const file of filesUnder(home)) {
      const text = readFileSync(file, "latin1");
      assert.ok(!text.includes(accessToken.split(".")[2]!), `${file} holds a token`);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
