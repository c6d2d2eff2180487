// The account around sign-in on the demo page (issue 14), in Chromium against the demo server and
// the local Cognito: create an account, confirm it, add and verify a phone, turn SMS MFA on,
// forgot password, an authenticator app and a password change; every code read from the local
// Cognito's capture, as a person reads the terminal.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { PLAIN, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { launchChromium, noChromium, screenshot } from "../../testing/support/browser.js";
import { startDemoServer, type DemoServer } from "../../testing/support/demo-server.js";
import { enterCode, focusedId, openLoginPage, signIn, signOut, waitForCodeStep, waitSignedIn } from "./login-page.js";
import { qrCodeText } from "../../testing/support/qr-code.js";
import { unmerged } from "./routes-merged.js";

const ACCOUNT_ROUTES = ["/user-attributes", "/update-user-attributes", "/confirm-user-attribute", "/mfa-preference", "/update-mfa-preference"];
const SIGN_UP = unmerged("mw14", "/sign-up", "/confirm-sign-up", "/resend-sign-up-code", ...ACCOUNT_ROUTES);
const RESET = unmerged("mw14", "/reset-password", "/confirm-reset-password");
const TOTP_SETUP = unmerged("mw14", "/set-up-totp", "/verify-totp-setup", "/update-password", ...ACCOUNT_ROUTES);

describe("demo web: the account pages in a browser", () => {
  let demo: DemoServer;
  let browser: Browser;
  before(async () => {
    if (noChromium) return; // each test reports the reason as its skip
    [demo, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("a new user signs up, confirms, signs in, adds and verifies a phone, turns SMS MFA on, and the next sign-in asks for the SMS code", { skip: noChromium ?? SIGN_UP }, async () => {
    const username = `new-${Date.now()}@example.com`;
    const password = "Brand-New-Passw0rd!";
    const { context, page } = await openLoginPage(browser, demo.url);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Create account" }).waitFor();
    assert.equal(await focusedId(page), "sign-up-email", "focus moves to the first field");
    await page.getByLabel("Email").fill(username);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Confirm password").fill(password);
    await screenshot(page, "13-create-account");
    await page.getByRole("button", { name: "Create account" }).click();

    await page.getByRole("heading", { name: "Confirm your account" }).waitFor();
    assert.equal(await focusedId(page), "sign-up-code");
    const code = await demo.local.codes.nextCode(username);
    await enterCode(page, wrongCodeFor(code), "Confirmation code", "Confirm account");
    await page.getByRole("alert").filter({ hasText: "That code isn't right." }).waitFor();
    await screenshot(page, "14-confirm-sign-up");
    await enterCode(page, code, "Confirmation code", "Confirm account");

    // This browser made the sign-up: the server signs the new user in from Cognito's sign-up
    // session chain (docs/account.md), no password asked again and none kept by the page.
    await page.getByRole("alert").filter({ hasText: "Your account is confirmed and you're signed in." }).waitFor();
    await waitSignedIn(page, username);

    const phone = page.getByRole("textbox", { name: "Phone number" });
    await phone.waitFor();
    await phone.fill("+15555550199");
    await page.getByRole("button", { name: "Add phone number" }).click();
    const phoneCode = page.getByLabel("Code from the text message");
    await phoneCode.waitFor();
    assert.equal(await focusedId(page), "phone-code", "focus moves to the code");
    await screenshot(page, "15-account-phone-code");
    await phoneCode.fill(await demo.local.codes.nextCode(username));
    await page.getByRole("button", { name: "Verify phone" }).click();
    await page.getByRole("alert").filter({ hasText: "Your phone number is verified." }).waitFor();
    assert.match((await page.locator("#attr-phone_number").textContent()) ?? "", /\+15555550199\s*verified/);

    await page.getByRole("button", { name: "Turn on SMS" }).click();
    await page.getByRole("alert").filter({ hasText: "Text message (SMS) is on" }).waitFor();
    assert.match((await page.locator("#mfa-SMS-status").textContent()) ?? "", /^On/);
    const preferred = page.getByRole("button", { name: "Make SMS preferred" });
    if (await preferred.count()) {
      await preferred.click();
      await page.locator("#mfa-SMS-status").filter({ hasText: "On · preferred" }).waitFor();
    }
    await screenshot(page, "16-account-sms-on");

    await signOut(page);
    await signIn(page, username, password);
    await waitForCodeStep(page);
    assert.match((await page.locator(".lead").textContent()) ?? "", /0199/, "the code goes to the new phone");
    await enterCode(page, await demo.local.codes.nextCode(username));
    await waitSignedIn(page, username);
    await context.close();
  });

  it("forgot password: a code by e-mail, a new password, then sign-in with it", { skip: noChromium ?? RESET }, async () => {
    await demo.local.resetUser(PLAIN.username);
    const fresh = "Reset-Fresh-Passw0rd!";
    try {
      const { context, page } = await openLoginPage(browser, demo.url);
      await page.getByLabel("Email").fill(PLAIN.username);
      await page.getByRole("button", { name: "Forgot password?" }).click();
      await page.getByRole("heading", { name: "Reset your password" }).waitFor();
      assert.equal(await focusedId(page), "reset-email");
      assert.equal(await page.getByLabel("Email").inputValue(), PLAIN.username, "the username typed is kept");
      await screenshot(page, "17-forgot-password");
      await page.getByRole("button", { name: "Send code" }).click();

      const codeInput = page.getByLabel("Reset code", { exact: true });
      await codeInput.waitFor();
      assert.equal(await focusedId(page), "reset-code");
      const code = await demo.local.codes.nextCode(PLAIN.username);
      await codeInput.fill(code);
      await page.getByLabel("New password", { exact: true }).fill(fresh);
      await page.getByLabel("Confirm new password").fill("Not-The-Same1!");
      await page.getByRole("button", { name: "Set new password" }).click();
      await page.getByRole("alert").filter({ hasText: "The passwords don't match." }).waitFor();
      assert.equal(await focusedId(page), "reset-confirm-password");
      await page.getByLabel("Confirm new password").fill(fresh);
      await screenshot(page, "18-reset-code");
      await page.getByRole("button", { name: "Set new password" }).click();

      await page.getByRole("alert").filter({ hasText: "Your password has been reset." }).waitFor();
      assert.equal(await page.getByLabel("Email").inputValue(), PLAIN.username);
      await page.getByLabel("Password", { exact: true }).fill(PLAIN.password);
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("alert").filter({ hasText: "That email and password don't match." }).waitFor();
      await page.getByLabel("Password", { exact: true }).fill(fresh);
      await page.getByRole("button", { name: "Continue" }).click();
      await waitSignedIn(page, PLAIN.username);
      await context.close();
    } finally {
      await demo.local.resetUser(PLAIN.username);
    }
  });

  it("sets up an authenticator app from the account page and changes the password", { skip: noChromium ?? TOTP_SETUP }, async () => {
    await demo.local.resetUser(PLAIN.username);
    const fresh = "Changed-Passw0rd!";
    try {
      const { context, page } = await openLoginPage(browser, demo.url);
      await signIn(page, PLAIN.username, PLAIN.password);
      await waitSignedIn(page, PLAIN.username);
      await page.getByRole("button", { name: "Set up an authenticator app" }).click();
      const secret = page.locator("#account-totp-secret");
      await secret.waitFor();
      const key = (await secret.textContent()) ?? "";
      assert.match(key, /^[A-Z2-7]{16,}$/, "a Base32 secret");
      const uri = (await page.locator("#account-totp-uri").textContent()) ?? "";
      assert.match(uri, new RegExp(`^otpauth://totp/.*secret=${key}`));
      assert.equal(await qrCodeText(page, "#account-totp-qr"), uri, "the QR code a phone scans is the same link");
      assert.equal(await focusedId(page), "totp-code");
      await screenshot(page, "19-account-authenticator");
      await page.getByLabel("Code from your app").fill(demo.local.totpCodeForSecret(key));
      await page.getByRole("button", { name: "Verify app" }).click();
      await page.getByRole("alert").filter({ hasText: "Your authenticator app is set up and on." }).waitFor();
      assert.match((await page.locator("#mfa-TOTP-status").textContent()) ?? "", /^On/);

      await page.getByLabel("Current password").fill("Wrong-Passw0rd!");
      await page.getByLabel("New password", { exact: true }).fill(fresh);
      await page.getByLabel("Confirm new password").fill(fresh);
      await page.getByRole("button", { name: "Change password" }).click();
      await page.getByRole("alert").filter({ hasText: "Your current password isn't right." }).waitFor();
      assert.equal(await focusedId(page), "current-password");
      await page.getByLabel("Current password").fill(PLAIN.password);
      await page.getByRole("button", { name: "Change password" }).click();
      await page.getByRole("alert").filter({ hasText: "Your password is changed." }).waitFor();
      await screenshot(page, "20-account-password-changed");

      await signOut(page);
      await signIn(page, PLAIN.username, fresh);
      await page.getByRole("heading", { name: "Enter your authenticator code" }).waitFor();
      await enterCode(page, demo.local.totpCodeForSecret(key), "Authenticator code");
      await waitSignedIn(page, PLAIN.username);
      await context.close();
    } finally {
      await demo.local.resetUser(PLAIN.username);
    }
  });

  it("says so when the host turned sign-up off (routes.signUp: false)", { skip: noChromium ?? SIGN_UP }, async () => {
    const closed = await startDemoServer({ auth: { routes: { signUp: false } } });
    try {
      const { context, page } = await openLoginPage(browser, closed.url);
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByLabel("Email").fill("nobody-new@example.com");
      await page.getByLabel("Password", { exact: true }).fill("Brand-New-Passw0rd!");
      await page.getByLabel("Confirm password").fill("Brand-New-Passw0rd!");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("alert").filter({ hasText: "Creating accounts is turned off on this server." }).waitFor();
      assert.equal(await focusedId(page), "sign-up-email");
      await context.close();
    } finally {
      await closed.close();
    }
  });
});
