import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

// No D-Bus session: memory-only keychain (the device is kept for this run only).
delete process.env.DBUS_SESSION_BUS_ADDRESS;
delete process.env.DISPLAY;
delete process.env.XDG_RUNTIME_DIR;

const { DEMO, PLAIN, SETUP, startQuietLocalCognito } = await import("../../testing/support/cognito-fixture.js");
const { buildRendererForTests } = await import("../../testing/desktop/build-renderer.js");
const { serveRenderer } = await import("../../testing/desktop/app-server.js");
const { launchChromium, openApp, screenshot } = await import("../../testing/desktop/browser-harness.js");
const { desktopHarness } = await import("../../testing/desktop/desktop-harness.js");

type Local = Awaited<ReturnType<typeof startQuietLocalCognito>>;
type Page = Awaited<ReturnType<typeof openApp>>["page"];
type HarnessOptions = Parameters<typeof desktopHarness>[1];

const RESET = { username: "reset@example.com", password: "Reset-Passw0rd!" } as const;

describe("the renderer's new sign-in steps and the devices list, in Chromium on the real services", () => {
  let local: Local;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let server: Awaited<ReturnType<typeof serveRenderer>>;
  let built: Awaited<ReturnType<typeof buildRendererForTests>>;
  const cleanups: Array<() => Promise<void>> = [];

  before(async () => {
    [local, built, browser] = await Promise.all([startQuietLocalCognito(), buildRendererForTests(), launchChromium()]);
    server = await serveRenderer(built.rendererDir);
  });
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
    await browser?.close();
    await server?.close();
    await local?.stop();
  });

  async function start(options?: HarnessOptions) {
    const harness = desktopHarness(local, options);
    await harness.service.restore();
    const app = await openApp(browser, { origin: server.origin, built, service: harness.service, account: harness.account, devices: harness.devices });
    cleanups.push(async () => {
      await app.close();
      await harness.service.signOut().catch(() => undefined);
      harness.service.dispose();
    });
    await app.page.getByRole("heading", { name: "Sign in" }).waitFor();
    return { ...harness, ...app };
  }
  async function signIn(page: Page, credentials: { username: string; password?: string }) {
    await page.getByLabel("Email").fill(credentials.username);
    await page.getByLabel("Password", { exact: true }).fill(credentials.password ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id);

  test("MFA set-up selection → e-mail set-up → the e-mailed code → signed in, with this device in the list", async () => {
    await local.resetUser(SETUP.username);
    try {
      const { page, consoleErrors, devices } = await start();
      await signIn(page, SETUP);
      await page.getByRole("heading", { name: "Set up two-step verification" }).waitFor();
      assert.equal(await page.getByRole("radio").count(), 2);
      await screenshot(page, "11-mfa-setup-selection");
      await page.getByRole("radio", { name: /Email/ }).check();
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("heading", { name: "Get codes by email" }).waitFor();
      assert.equal(await activeId(page), "mfa-email");
      await screenshot(page, "12-email-setup");
      await page.getByLabel("Email for sign-in codes").fill(SETUP.username);
      await page.getByRole("button", { name: "Send code" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor();
      await page.getByLabel("Email code").fill(await local.codes.nextCode(SETUP.username));
      await page.getByRole("button", { name: "Verify" }).click();
      await page.getByRole("heading", { name: "You're signed in" }).waitFor();
      await page.locator("#devices .device.current").waitFor();
      assert.match((await page.locator("#devices .device.current").textContent()) ?? "", /This device.*Not remembered/);
      assert.deepEqual(consoleErrors, []);
      for (const device of (await devices.fetchDevices()).devices) await devices.forgetDevice({ deviceId: device.id });
    } finally {
      await local.resetUser(SETUP.username);
    }
  });

  test("devices list, keyboard only: remember this device, then the password alone signs in; forget it, and the code is asked again", async () => {
    const { page, service } = await start();
    await signIn(page, DEMO);
    await page.getByLabel("Text message code").fill(await local.codes.nextCode(DEMO.username));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
    await page.locator("#remember-device").waitFor();
    await screenshot(page, "13-devices-list");
    // Tab from the heading until "Remember this device" has focus, then Enter.
    for (let step = 0; step < 10 && (await activeId(page)) !== "remember-device"; step += 1) await page.keyboard.press("Tab");
    assert.equal(await activeId(page), "remember-device", "reachable with Tab");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /remembered/.test(document.querySelector("#devices-status")?.textContent ?? ""));
    assert.match((await page.locator("#devices .device.current").textContent()) ?? "", /Remembered: no code needed/);
    assert.equal(await page.locator("#remember-device").count(), 0);
    await screenshot(page, "14-device-remembered");

    await page.getByRole("button", { name: "Sign out" }).click();
    const sent = local.codes.countFor(DEMO.username);
    await signIn(page, DEMO);
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
    assert.equal(local.codes.countFor(DEMO.username), sent, "no code for a remembered device");

    await page.getByRole("button", { name: "Forget this device" }).click();
    await page.waitForFunction(() => /forgotten/.test(document.querySelector("#devices-status")?.textContent ?? ""));
    assert.equal(service.sessionDevice()?.device, undefined, "main dropped its device secret");
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, DEMO);
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    assert.equal(local.codes.countFor(DEMO.username), sent + 1);
    await page.getByLabel("Text message code").fill(await local.codes.nextCode(DEMO.username));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
    await page.getByRole("button", { name: "Forget this device" }).click();
    await page.waitForFunction(() => /forgotten/.test(document.querySelector("#devices-status")?.textContent ?? ""));
  });

  test("RESET_PASSWORD: the sign-in goes on at Forgot password, with the email and the reason", async () => {
    const { page, service } = await start();
    await signIn(page, RESET);
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    assert.equal(await page.getByLabel("Email").inputValue(), RESET.username);
    assert.match((await page.locator("#form-error").textContent()) ?? "", /must be reset/);
    assert.equal(service.getState().status, "signed-out", "nothing stays open in main");
    await screenshot(page, "15-reset-password-step");
  });

  test("USER_AUTH: an empty password → the first-factor choice → the password step → signed in (keyboard only)", async () => {
    const { page } = await start({ authFlow: "USER_AUTH" });
    await page.keyboard.type(PLAIN.username);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "How do you want to sign in?" }).waitFor();
    assert.ok((await page.getByRole("radio").count()) >= 2);
    await screenshot(page, "16-first-factor");
    assert.equal(await page.getByRole("radio", { name: /Password/ }).isChecked(), true);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Enter your password" }).waitFor();
    assert.equal(await activeId(page), "step-password");
    await page.keyboard.type(PLAIN.password);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
  });
});
