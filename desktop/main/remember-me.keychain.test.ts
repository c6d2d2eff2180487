import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEMO, PLAIN, startQuietLocalCognito } from "../../testing/support/cognito-fixture.js";
import type { LocalCognito } from "../../shared/local-cognito/local-cognito.js";
import { closedLoopbackEndpoint, desktopHarness, type DesktopHarness } from "../../testing/desktop/desktop-harness.js";
import { assertNoTokens } from "../../testing/desktop/auth-flow-suite.js";
import { loadKeytar } from "./keychain/keytar-backend.js";
import { parseStoredSession } from "./keychain/stored-session.js";

// Real keychain: gnome-keyring in a private D-Bus session (scripts/run-tests.mjs).
const keytar = loadKeytar();

describe("remember me, with the OS keychain", () => {
  let local: LocalCognito;
  const started: DesktopHarness[] = [];
  const start = (options?: Parameters<typeof desktopHarness>[1]) => {
    const harness = desktopHarness(local, options);
    started.push(harness);
    return harness;
  };
  /** Signs in (SMS code) on a fresh "first run" and returns the keychain service used. */
  async function signInRemembered(remember = true): Promise<DesktopHarness> {
    const harness = start();
    await harness.service.signIn({ ...DEMO, remember });
    await harness.service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
    return harness;
  }

  before(async () => {
    local = await startQuietLocalCognito();
  });
  after(async () => {
    for (const { service, keychainService } of started) {
      service.dispose();
      for (const { account } of await keytar.findCredentials(keychainService)) await keytar.deletePassword(keychainService, account);
    }
    await local.stop();
  });

  test("remember on: one entry with the refresh token and what refresh needs", async () => {
    const { service, keychainService } = await signInRemembered();
    const state = service.getState();
    assert.equal(state.keychain, "persisted");
    assert.equal(state.remembered, true);
    assertNoTokens(state);
    const entries = await keytar.findCredentials(keychainService);
    assert.deepEqual(entries.map((entry) => entry.account), [DEMO.username]);
    const entry = parseStoredSession(entries[0]!.password);
    assert.ok(entry, "the entry is one valid JSON secret");
    assert.equal(entry.region, local.region);
    assert.equal(entry.userPoolId, local.userPoolId);
    assert.equal(entry.clientId, local.publicClientId);
    assert.ok(entry.cognitoUsername.length > 0);
    assert.ok(entry.refreshToken.length > 100);
  });

  test("remember off: nothing is written", async () => {
    const { service, keychainService } = await signInRemembered(false);
    assert.equal(service.getState().remembered, false);
    assert.deepEqual(await keytar.findCredentials(keychainService), []);
  });

  test("the next start restores the session with exactly one refresh; sign-out revokes, then deletes", async () => {
    const first = await signInRemembered();
    first.service.dispose();

    const next = start({ keychainService: first.keychainService });
    const state = await next.service.restore();
    assert.equal(state.status, "signed-in");
    assert.equal(state.user?.email, DEMO.username);
    assert.equal(state.remembered, true);
    assert.equal(next.port.calls.refresh, 1);
    assert.equal(next.port.calls.initiate, 0, "no password, no code");
    assertNoTokens(state);

    const stored = parseStoredSession((await keytar.getPassword(first.keychainService, DEMO.username))!)!;
    await next.service.signOut();
    assert.equal(next.port.calls.revoke, 1);
    assert.equal(await keytar.getPassword(first.keychainService, DEMO.username), null, "entry deleted at sign-out");
    // RevokeToken really happened: the old refresh token no longer works.
    await assert.rejects(next.port.refresh({ refreshToken: stored.refreshToken, username: stored.cognitoUsername }), { code: "NOT_SIGNED_IN" });

    const third = start({ keychainService: first.keychainService });
    assert.equal((await third.service.restore()).status, "signed-out");
    assert.equal(third.port.calls.refresh, 0);
  });

  test("signing in again without remember forgets an older remembered sign-in", async () => {
    const first = await signInRemembered();
    await first.service.signOut();
    const harness = start({ keychainService: first.keychainService });
    await harness.service.signIn({ ...DEMO, remember: true });
    await harness.service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
    // Same account, remember switched off on another sign-in (e.g. after a restart).
    const other = start({ keychainService: first.keychainService });
    await other.service.signIn({ ...DEMO, remember: false });
    await other.service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
    assert.equal(await keytar.getPassword(first.keychainService, DEMO.username), null);
  });

  test("a corrupt entry is deleted without a refresh, and the sign-in form shows (no loop)", async () => {
    const harness = start();
    await keytar.setPassword(harness.keychainService, DEMO.username, "{not json");
    const state = await harness.service.restore();
    assert.equal(state.status, "signed-out");
    assert.equal(state.offline, undefined);
    assert.equal(harness.port.calls.refresh, 0);
    assert.equal(await keytar.getPassword(harness.keychainService, DEMO.username), null);
    assert.equal(harness.logger.lines.filter((line) => line.event === "keychain.entry-corrupt").length, 1);

    const again = start({ keychainService: harness.keychainService });
    assert.equal((await again.service.restore()).status, "signed-out");
    assert.equal(again.port.calls.refresh, 0);
  });

  test("an entry of the wrong shape counts as corrupt", async () => {
    const harness = start();
    await keytar.setPassword(harness.keychainService, PLAIN.username, JSON.stringify({ version: 1, refreshToken: "x" }));
    assert.equal((await harness.service.restore()).status, "signed-out");
    assert.equal(await keytar.getPassword(harness.keychainService, PLAIN.username), null);
  });

  test("a revoked refresh token: one failed refresh, entry deleted, signed out, no retry next time", async () => {
    const first = await signInRemembered();
    const stored = parseStoredSession((await keytar.getPassword(first.keychainService, DEMO.username))!)!;
    // Signed out elsewhere (another device, an admin): the token is revoked behind our back.
    await first.port.revoke({ refreshToken: stored.refreshToken });
    first.service.dispose();

    const next = start({ keychainService: first.keychainService });
    const state = await next.service.restore();
    assert.equal(state.status, "signed-out");
    assert.equal(state.offline, undefined);
    assert.equal(next.port.calls.refresh, 1);
    assert.equal(await keytar.getPassword(first.keychainService, DEMO.username), null);

    const third = start({ keychainService: first.keychainService });
    await third.service.restore();
    assert.equal(third.port.calls.refresh, 0);
  });

  test("offline at start: the entry is kept and the state says offline; online later, it restores", async () => {
    const first = await signInRemembered();
    first.service.dispose();

    const offline = start({ keychainService: first.keychainService, endpoint: await closedLoopbackEndpoint() });
    const state = await offline.service.restore();
    assert.equal(state.status, "signed-out");
    assert.equal(state.offline, true);
    assert.equal(offline.port.calls.refresh, 1);
    assert.ok(await keytar.getPassword(first.keychainService, DEMO.username), "entry kept");

    const online = start({ keychainService: first.keychainService });
    assert.equal((await online.service.restore()).status, "signed-in");
  });

  test("an entry for another user pool is left alone and not sent to this one", async () => {
    const first = await signInRemembered();
    const stored = parseStoredSession((await keytar.getPassword(first.keychainService, DEMO.username))!)!;
    await keytar.setPassword(first.keychainService, DEMO.username, JSON.stringify({ ...stored, userPoolId: "eu-west-1_Other" }));
    const next = start({ keychainService: first.keychainService });
    assert.equal((await next.service.restore()).status, "signed-out");
    assert.equal(next.port.calls.refresh, 0);
    assert.ok(await keytar.getPassword(first.keychainService, DEMO.username));
  });
});
