import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEMO, startQuietLocalCognito } from "../../testing/support/cognito-fixture.js";
import type { LocalCognito } from "../../shared/local-cognito/local-cognito.js";
import { loadKeytar } from "../main/keychain/keytar-backend.js";
import { serveRenderer } from "../../testing/desktop/app-server.js";
import { launchChromium, openApp, screenshot } from "../../testing/desktop/browser-harness.js";
import { buildRendererForTests, type BuiltRenderer } from "../../testing/desktop/build-renderer.js";
import { desktopHarness } from "../../testing/desktop/desktop-harness.js";

// Real keychain (gnome-keyring in a D-Bus session): "remember me" in the built renderer.
let local: LocalCognito;
let built: BuiltRenderer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let server: Awaited<ReturnType<typeof serveRenderer>>;

before(async () => {
  [local, built, browser] = await Promise.all([startQuietLocalCognito(), buildRendererForTests(), launchChromium()]);
  server = await serveRenderer(built.rendererDir);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await local?.stop();
});

test("remember me: stored in the keychain, restored at the next start without the form, deleted at sign-out", async () => {
  const first = desktopHarness(local);
  await first.service.restore();
  const app = await openApp(browser, { origin: server.origin, built, service: first.service, account: first.account, devices: first.devices });
  const { page } = app;
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await page.locator("#keychain-banner").isVisible(), false, "no banner with a keychain");
  await page.getByLabel("Email").fill(DEMO.username);
  await page.getByLabel("Password", { exact: true }).fill(DEMO.password);
  await page.getByLabel("Keep me signed in on this device").check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Text message code").fill(await local.codes.nextCode(DEMO.username));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByRole("heading", { name: "You're signed in" }).waitFor();
  assert.match((await page.locator(".profile").textContent()) ?? "", /Remembered on this device/);
  await screenshot(page, "10-signed-in-remembered");
  const storage = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
  assert.equal(storage, '[{},{},""]');
  await app.close();
  first.service.dispose();
  assert.ok(await loadKeytar().getPassword(first.keychainService, DEMO.username), "the entry is in the keychain");

  // The next start of the app: one refresh, straight to the signed-in screen.
  const next = desktopHarness(local, { keychainService: first.keychainService });
  await next.service.restore();
  assert.equal(next.port.calls.refresh, 1);
  const restarted = await openApp(browser, { origin: server.origin, built, service: next.service, account: next.account, devices: next.devices });
  await restarted.page.getByRole("heading", { name: "You're signed in" }).waitFor();
  assert.equal(await restarted.page.locator("#signed-in-user").textContent(), DEMO.username);
  await restarted.page.getByRole("button", { name: "Sign out" }).click();
  await restarted.page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(next.port.calls.revoke, 1);
  assert.equal(await loadKeytar().getPassword(first.keychainService, DEMO.username), null, "deleted at sign-out");
  await restarted.close();
  next.service.dispose();
});
