import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

// No D-Bus session: the keychain is unavailable here, so the banner must show. (The remember-me
// screens run in renderer-remember.keychain.test.ts, with the real keychain.)
delete process.env.DBUS_SESSION_BUS_ADDRESS;
delete process.env.DISPLAY;
delete process.env.XDG_RUNTIME_DIR;

const { CHOICE, DEMO, NEWPASS, TOTP, startQuietLocalCognito, wrongCodeFor } = await import("../../testing/support/cognito-fixture.js");
const { buildRendererForTests } = await import("../../testing/desktop/build-renderer.js");
const { serveRenderer } = await import("../../testing/desktop/app-server.js");
const { launchChromium, openApp, screenshot } = await import("../../testing/desktop/browser-harness.js");
const { desktopHarness } = await import("../../testing/desktop/desktop-harness.js");

type Local = Awaited<ReturnType<typeof startQuietLocalCognito>>;
type Page = Awaited<ReturnType<typeof openApp>>["page"];

describe("the built renderer in Chromium, on the real auth service", () => {
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

  async function start() {
    const harness = desktopHarness(local);
    await harness.service.restore();
    const app = await openApp(browser, { origin: server.origin, built, service: harness.service, account: harness.account, devices: harness.devices });
    cleanups.push(async () => {
      await app.close();
      await harness.service.signOut().catch(() => undefined);
      harness.service.dispose();
    });
    return { ...harness, ...app };
  }

  async function signIn(page: Page, credentials: { username: string; password: string }) {
    await page.getByLabel("Email").fill(credentials.username);
    await page.getByLabel("Password", { exact: true }).fill(credentials.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id);

  test("SMS: sign in, wrong code, resend, right code, signed in, sign out — every step on screen", async () => {
    const { page, consoleErrors } = await start();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.equal(await page.locator("#keychain-banner").isVisible(), true, "keychain banner shows without a keychain");
    assert.match((await page.locator("#keychain-banner").textContent()) ?? "", /can't be remembered/);
    assert.equal(await activeId(page), "username");
    await screenshot(page, "01-sign-in");

    await signIn(page, DEMO);
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    assert.equal(await activeId(page), "code", "focus moves to the code input");
    const input = page.getByLabel("Text message code");
    assert.equal(await input.getAttribute("autocomplete"), "one-time-code");
    assert.equal(await input.getAttribute("inputmode"), "numeric");
    assert.match((await page.locator(".destination").textContent()) ?? "", /^\+\*+0100$/);
    assert.match((await page.locator("#countdown").textContent()) ?? "", /^Expires in [0-3]:\d\d$/);
    assert.equal(await page.locator("#attempts").textContent(), "5 attempts left");
    await screenshot(page, "02-sms-code");

    const code = await local.codes.nextCode(DEMO.username);
    await input.fill(wrongCodeFor(code));
    await page.getByRole("button", { name: "Verify" }).click();
    const alert = page.locator("#form-error");
    await alert.waitFor({ state: "visible" });
    assert.equal(await alert.getAttribute("aria-live"), "assertive");
    assert.match((await alert.textContent()) ?? "", /4 attempts left/);
    assert.equal(await page.locator("#attempts").textContent(), "4 attempts left");
    assert.equal(await activeId(page), "code");
    await screenshot(page, "03-wrong-code");

    const sent = local.codes.countFor(DEMO.username);
    await page.getByRole("button", { name: "Resend code" }).click();
    const fresh = await local.codes.nextCode(DEMO.username);
    assert.equal(local.codes.countFor(DEMO.username), sent + 1);
    await page.waitForFunction(() => document.querySelector("#attempts")?.textContent === "5 attempts left");
    await page.getByLabel("Text message code").fill(fresh);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
    assert.equal(await page.locator("#signed-in-user").textContent(), DEMO.username);
    await screenshot(page, "04-signed-in");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.deepEqual(consoleErrors, [], "no CSP violations or script errors");
  });

  test("no token is reachable from the page after sign-in", async () => {
    const { page, service } = await start();
    await signIn(page, DEMO);
    await page.getByLabel("Text message code").fill(await local.codes.nextCode(DEMO.username));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
    const accessToken = service.accessToken();
    assert.ok(accessToken);
    const seen = await page.evaluate(async () => ({
      state: JSON.stringify(await window.auth.getState()),
      authKeys: Object.keys(window.auth).sort().join(","),
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
      html: document.documentElement.outerHTML,
      names: Object.getOwnPropertyNames(window).filter((name) => /token/i.test(name)).join(","),
    }));
    assert.equal(seen.authKeys, "confirmResetPassword,confirmSignIn,confirmSignUp,confirmUserAttribute,fetchDevices,fetchMFAPreference,fetchUserAttributes,forgetDevice,getState,onState,rememberDevice,resendCode,resendSignUpCode,resetPassword,sendUserAttributeVerificationCode,setUpTOTP,signIn,signOut,signUp,updateMFAPreference,updatePassword,updateUserAttributes,verifyTOTPSetup");
    for (const [where, text] of Object.entries(seen)) {
      assert.ok(!text.includes(accessToken.split(".")[2]!), `a token is reachable in ${where}`);
      assert.doesNotMatch(text, /eyJ[\w-]{10,}\.[\w-]{10,}/, `a JWT is reachable in ${where}`);
    }
    assert.equal(seen.local, "{}");
    assert.equal(seen.session, "{}");
    assert.equal(seen.cookie, "");
  });

  test("a wrong password shows an error in the live region and keeps the email", async () => {
    const { page } = await start();
    await signIn(page, { username: DEMO.username, password: "Not-The-Passw0rd!" });
    await page.locator("#form-error").waitFor({ state: "visible" });
    assert.match((await page.locator("#form-error").textContent()) ?? "", /don't match/);
    assert.equal(await page.getByLabel("Email").inputValue(), DEMO.username);
    assert.equal(await activeId(page), "password");
    await screenshot(page, "05-wrong-password");
  });

  test("five wrong codes end the sign-in and say so", async () => {
    const { page } = await start();
    await signIn(page, DEMO);
    const code = await local.codes.nextCode(DEMO.username);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await page.getByLabel("Text message code").fill(wrongCodeFor(code));
      await page.getByRole("button", { name: "Verify" }).click();
      if (attempt < 4) await page.waitForFunction((left) => document.querySelector("#attempts")?.textContent?.startsWith(String(left)), 4 - attempt);
    }
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.match((await page.locator("#form-error").textContent()) ?? "", /no attempts left/);
    await screenshot(page, "06-attempts-used-up");
  });

  test("keyboard only: tab through the form, space ticks remember me, enter submits", async () => {
    const { page } = await start();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.keyboard.type(DEMO.username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(DEMO.password);
    await page.keyboard.press("Tab");
    assert.equal(await activeId(page), "remember");
    await page.keyboard.press("Space");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    await page.keyboard.type(await local.codes.nextCode(DEMO.username));
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
    // Without a keychain, "remember me" cannot be honoured, and the screen says so.
    assert.match((await page.locator(".signed-in .subtitle").textContent()) ?? "", /can't keep you signed in/);
  });

  test("new password step", async () => {
    const { page } = await start();
    try {
      await signIn(page, NEWPASS);
      await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
      assert.equal(await activeId(page), "new-password");
      await page.getByLabel("New password", { exact: true }).fill("weak");
      await page.getByLabel("Confirm new password").fill("different");
      await page.getByRole("button", { name: "Set password and sign in" }).click();
      assert.match((await page.locator("#form-error").textContent()) ?? "", /don't match/);
      await page.getByLabel("Confirm new password").fill("weak");
      await page.getByRole("button", { name: "Set password and sign in" }).click();
      await page.waitForFunction(() => /too weak/.test(document.querySelector("#form-error")?.textContent ?? ""));
      await screenshot(page, "07-new-password");
      await page.getByLabel("New password", { exact: true }).fill("Brand-New-Passw0rd!");
      await page.getByLabel("Confirm new password").fill("Brand-New-Passw0rd!");
      await page.getByRole("button", { name: "Set password and sign in" }).click();
      await page.getByRole("heading", { name: "You're signed in" }).waitFor();
    } finally {
      await local.resetUser(NEWPASS.username);
    }
  });

  test("TOTP step", async () => {
    const { page } = await start();
    await signIn(page, TOTP);
    await page.getByRole("heading", { name: "Open your authenticator app" }).waitFor();
    assert.equal(await activeId(page), "code");
    assert.equal(await page.getByRole("button", { name: "Resend code" }).count(), 0, "nothing to resend for TOTP");
    await screenshot(page, "08-totp");
    await page.getByLabel("Authenticator code").fill(local.totpCode(TOTP.username));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
  });

  test("MFA selection step, then the SMS code", async () => {
    const { page } = await start();
    await signIn(page, CHOICE);
    await page.getByRole("heading", { name: "Verify it's you" }).waitFor();
    assert.equal(await page.getByRole("radio").count(), 2);
    await screenshot(page, "09-mfa-selection");
    await page.getByRole("radio", { name: /Text message/ }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    await page.getByLabel("Text message code").fill(await local.codes.nextCode(CHOICE.username));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
  });

  test("a page on another origin cannot use the auth bindings", async () => {
    const { page } = await start();
    await page.goto("about:blank");
    const result = await page.evaluate(() => (window as unknown as { __cmkInvoke: (c: string, a: unknown[]) => Promise<{ ok: boolean; error?: { code: string } }> }).__cmkInvoke("auth:get-state", []));
    assert.deepEqual(result.ok ? null : result.error?.code, "FORBIDDEN_ORIGIN");
  });
});
