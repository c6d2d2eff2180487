import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

// No keychain here: the vault is memory-only (keytar fails without a D-Bus session).
delete process.env.DBUS_SESSION_BUS_ADDRESS;
delete process.env.DISPLAY;
delete process.env.XDG_RUNTIME_DIR;

const { PLAIN, startQuietLocalCognito } = await import("../../testing/support/cognito-fixture.js");
const { desktopHarness } = await import("../../testing/desktop/desktop-harness.js");
const { rejectsWithCode } = await import("../../testing/desktop/auth-flow-suite.js");

describe("account service: the session's access token, refreshed when needed", () => {
  let local: Awaited<ReturnType<typeof startQuietLocalCognito>>;
  before(async () => {
    // 30-second access tokens: always inside the one-minute refresh margin.
    local = await startQuietLocalCognito({ accessTokenValiditySeconds: 30 });
  });
  after(() => local.stop());

  test("signed out, a session call is NOT_SIGNED_IN and reaches no Cognito call", async () => {
    const { account, port } = desktopHarness(local);
    await rejectsWithCode(account.fetchUserAttributes(), "NOT_SIGNED_IN");
    await rejectsWithCode(account.updateMFAPreference({ sms: "ENABLED" }), "NOT_SIGNED_IN");
    assert.deepEqual(port.calls, { initiate: 0, respond: 0, refresh: 0, revoke: 0 });
  });

  test("an access token about to expire is refreshed first, then the call goes through", async () => {
    const { service, account, port } = desktopHarness(local);
    await service.signIn({ ...PLAIN, remember: false });
    const before = service.accessToken();
    const { userAttributes } = await account.fetchUserAttributes();
    assert.equal(userAttributes.email, PLAIN.username);
    assert.equal(port.calls.refresh, 1);
    assert.notEqual(service.accessToken(), before, "the service now holds the refreshed token");
    assert.equal(service.getState().status, "signed-in");
    await service.signOut();
  });

  test("a revoked refresh token signs the app out: NOT_SIGNED_IN, state signed-out", async () => {
    const { service, account } = desktopHarness(local);
    await service.signIn({ ...PLAIN, remember: false });
    // Putting the seeded user back forgets its refresh tokens, as a global sign-out elsewhere would.
    await local.resetUser(PLAIN.username);
    await rejectsWithCode(account.fetchMFAPreference(), "NOT_SIGNED_IN");
    assert.equal(service.getState().status, "signed-out");
  });
});
