// The other steps the middleware supports, in the browser: new password, TOTP, MFA selection,
// TOTP set-up (setup@example.com), and (with a mocked server answer, as the local Cognito never
// asks for attributes) the new-password step's missing-attribute fields.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { CHOICE, MAIL, NEWPASS, SETUP, TOTP } from "../../testing/support/cognito-fixture.js";
import { launchChromium, noChromium, screenshot } from "../../testing/support/browser.js";
import { startDemoServer, type DemoServer } from "../../testing/support/demo-server.js";
import { enterCode, focusedId, openLoginPage, signIn, waitSignedIn } from "./login-page.js";
import { qrCodeText } from "../../testing/support/qr-code.js";

describe("demo web: the other sign-in steps in a browser", () => {
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

  it("asks newpass@example.com for a new password, checks the confirmation, then signs in", { skip: noChromium }, async () => {
    await demo.local.resetUser(NEWPASS.username);
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, NEWPASS.username, NEWPASS.password);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    assert.equal(await focusedId(page), "new-password");
    await page.getByLabel("New password", { exact: true }).fill("Fresh-Passw0rd!");
    await page.getByLabel("Confirm new password").fill("Fresh-Passw0rd?");
    await page.getByRole("button", { name: "Set password and continue" }).click();
    await page.getByRole("alert").filter({ hasText: "The passwords don't match." }).waitFor();
    await page.getByLabel("Confirm new password").fill("Fresh-Passw0rd!");
    await screenshot(page, "07-new-password");
    await page.getByRole("button", { name: "Set password and continue" }).click();
    await waitSignedIn(page, NEWPASS.username);
    await context.close();
    await demo.local.resetUser(NEWPASS.username);
  });

  it("signs totp@example.com in with the authenticator code", { skip: noChromium }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, TOTP.username, TOTP.password);
    await page.getByRole("heading", { name: "Enter your authenticator code" }).waitFor();
    assert.equal(await focusedId(page), "code");
    assert.equal(await page.getByRole("button", { name: "Resend code" }).count(), 0, "an app code cannot be resent");
    await screenshot(page, "08-totp-code");
    await enterCode(page, demo.local.totpCode(TOTP.username), "Authenticator code");
    await waitSignedIn(page, TOTP.username);
    await context.close();
  });

  it("signs mail@example.com in with the code sent by e-mail", { skip: noChromium }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, MAIL.username, MAIL.password);
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    assert.match((await page.locator(".lead").textContent()) ?? "", /m\*\*\*@e\*\*\*/, "the masked address");
    assert.equal(await focusedId(page), "code");
    await screenshot(page, "08b-email-code");
    await enterCode(page, await demo.local.codes.nextCode(MAIL.username));
    await waitSignedIn(page, MAIL.username);
    await context.close();
  });

  it("lets choice@example.com pick SMS with the radio buttons and the keyboard", { skip: noChromium }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, CHOICE.username, CHOICE.password);
    await page.getByRole("heading", { name: "Choose a verification method" }).waitFor();
    const sms = page.getByRole("radio", { name: /Text message/ });
    const app = page.getByRole("radio", { name: /Authenticator app/ });
    assert.equal(await sms.isChecked(), true);
    assert.equal(await focusedId(page), "mfa-SMS");
    await page.keyboard.press("ArrowDown");
    assert.equal(await app.isChecked(), true, "arrow keys move between the choices");
    await screenshot(page, "09-mfa-selection");
    await page.keyboard.press("ArrowUp");
    assert.equal(await sms.isChecked(), true);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    assert.match((await page.locator(".lead").textContent()) ?? "", /0111/);
    await enterCode(page, await demo.local.codes.nextCode(CHOICE.username));
    await waitSignedIn(page, CHOICE.username);
    await context.close();
  });

  it("walks setup@example.com through TOTP set-up: the secret and otpauth URI, then the app's first code signs in", { skip: noChromium }, async () => {
    await demo.local.resetUser(SETUP.username);
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, SETUP.username, SETUP.password);
    // A pool that offers an authenticator app and e-mail asks which one first (issue 13).
    const choice = page.getByRole("heading", { name: "Set up two-step verification" });
    const totpSetup = page.getByRole("heading", { name: "Set up your authenticator app" });
    await choice.or(totpSetup).waitFor();
    if (await choice.isVisible()) {
      await page.getByRole("radio", { name: /Authenticator app/ }).check();
      await page.getByRole("button", { name: "Continue" }).click();
    }
    await totpSetup.waitFor();
    const secret = (await page.locator("#totp-secret").textContent()) ?? "";
    assert.match(secret, /^[A-Z2-7]{16,}$/, "a Base32 secret");
    const setupUri = `otpauth://totp/cognito-mfa-kit%3Asetup%40example.com?secret=${secret}&issuer=cognito-mfa-kit`;
    assert.equal(await page.locator("#totp-uri").textContent(), setupUri);
    assert.equal(await qrCodeText(page, "#totp-qr"), setupUri, "the QR code a phone scans is the same link");
    assert.equal(await focusedId(page), "code");
    await screenshot(page, "10-totp-setup");
    await enterCode(page, demo.local.totpCodeForSecret(secret), "Code from your app");
    await waitSignedIn(page, SETUP.username);
    await context.close();
    await demo.local.resetUser(SETUP.username);
  });

  it("shows fields for the attributes Cognito says are missing at the new-password step (server answer mocked)", { skip: noChromium }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    const expiresAt = new Date(Date.now() + 180_000).toISOString();
    await page.route("**/auth/sign-in", (route) =>
      route.fulfill({ json: { isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED", missingAttributes: ["given_name", "phone_number"], expiresAt } } }),
    );
    await signIn(page, "someone@example.com", "Any-Passw0rd!");
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    assert.equal(await page.getByLabel("First name").getAttribute("autocomplete"), "given-name");
    assert.equal(await page.getByLabel("Phone number").getAttribute("type"), "tel");
    await context.close();
  });
});
