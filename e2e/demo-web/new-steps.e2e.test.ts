// The sign-in steps issue 13 added, on the demo page in Chromium. RESET_PASSWORD and
// CONFIRM_SIGN_UP run against the local Cognito (reset@ and unconfirmed@ are seeded so); the
// MFA set-up choice and e-mail set-up run for setup@ (MFA required, none set up); the
// first-factor choice and password step are shown from mocked server answers (page.route),
// since the page's sign-in form always sends the password.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { SETUP } from "../../testing/support/cognito-fixture.js";
import { launchChromium, noChromium, screenshot } from "../../testing/support/browser.js";
import { startDemoServer, type DemoServer } from "../../testing/support/demo-server.js";
import { enterCode, focusedId, openLoginPage, signIn, waitSignedIn } from "./login-page.js";
import { unmerged } from "./routes-merged.js";

const RESET = { username: "reset@example.com", password: "Reset-Passw0rd!" } as const;
const UNCONFIRMED = { username: "unconfirmed@example.com", password: "Unconfirmed-Passw0rd!" } as const;
// The new steps come with the flow on the middleware (mw13); their screens call mw14's routes.
const NEW_STEPS = unmerged("mw13", "/resend-code");

/** Answers the next POSTs to `path` with these bodies, in order (a mocked server). */
async function answer(page: Page, path: string, ...bodies: unknown[]): Promise<string[]> {
  const sent: string[] = [];
  await page.route(`**/auth${path}`, (route) => {
    sent.push(route.request().postData() ?? "");
    const body = bodies.shift();
    return body === undefined ? route.continue() : route.fulfill({ json: body });
  });
  return sent;
}

const inThreeMinutes = () => new Date(Date.now() + 180_000).toISOString();
const DONE = { isSignedIn: true, nextStep: { signInStep: "DONE" }, user: { sub: "s", username: "someone@example.com", email: "someone@example.com" } };

describe("demo web: the issue-13 sign-in steps in a browser", () => {
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

  it("RESET_PASSWORD leads to the reset screens: code by e-mail, new password, then sign-in", { skip: noChromium ?? NEW_STEPS ?? unmerged("mw14", "/reset-password", "/confirm-reset-password") }, async () => {
    await demo.local.resetUser(RESET.username);
    try {
      const { context, page } = await openLoginPage(browser, demo.url);
      await signIn(page, RESET.username, RESET.password);
      await page.getByRole("heading", { name: "Reset your password" }).waitFor();
      await page.getByRole("alert").filter({ hasText: "Your password must be reset before you can sign in." }).waitFor();
      assert.equal(await page.getByLabel("Email").inputValue(), RESET.username);
      await screenshot(page, "23-reset-required");
      await page.getByRole("button", { name: "Send code" }).click();
      await page.getByLabel("Reset code", { exact: true }).fill(await demo.local.codes.nextCode(RESET.username));
      await page.getByLabel("New password", { exact: true }).fill("After-Reset-Passw0rd!");
      await page.getByLabel("Confirm new password").fill("After-Reset-Passw0rd!");
      await page.getByRole("button", { name: "Set new password" }).click();
      await page.getByRole("alert").filter({ hasText: "Your password has been reset." }).waitFor();
      await page.getByLabel("Password", { exact: true }).fill("After-Reset-Passw0rd!");
      await page.getByRole("button", { name: "Continue" }).click();
      await waitSignedIn(page, RESET.username);
      await context.close();
    } finally {
      await demo.local.resetUser(RESET.username);
    }
  });

  it("CONFIRM_SIGN_UP leads to the confirmation screen: a new code, confirm, then sign-in", { skip: noChromium ?? NEW_STEPS ?? unmerged("mw14", "/confirm-sign-up", "/resend-sign-up-code") }, async () => {
    await demo.local.resetUser(UNCONFIRMED.username);
    try {
      const { context, page } = await openLoginPage(browser, demo.url);
      await signIn(page, UNCONFIRMED.username, UNCONFIRMED.password);
      await page.getByRole("heading", { name: "Confirm your account" }).waitFor();
      await page.getByRole("alert").filter({ hasText: "This account isn't confirmed yet." }).waitFor();
      assert.equal(await focusedId(page), "sign-up-code");
      await page.getByRole("button", { name: "Send a new code" }).click();
      await page.getByRole("alert").filter({ hasText: /We sent a new code/ }).waitFor();
      await screenshot(page, "24-confirm-sign-up-required");
      await enterCode(page, await demo.local.codes.nextCode(UNCONFIRMED.username), "Confirmation code", "Confirm account");
      // Not signed up in this browser: no kept sign-up session, so the password is asked.
      await page.getByRole("alert").filter({ hasText: "Your account is confirmed. Sign in with your password." }).waitFor();
      assert.equal(await page.getByLabel("Email").inputValue(), UNCONFIRMED.username);
      assert.equal(await focusedId(page), "password", "focus on the password, the username is kept");
      await page.keyboard.type(UNCONFIRMED.password);
      await page.keyboard.press("Enter");
      await waitSignedIn(page, UNCONFIRMED.username);
      await context.close();
    } finally {
      await demo.local.resetUser(UNCONFIRMED.username);
    }
  });

  it("setup@example.com chooses e-mail at the MFA set-up choice, gives an address, and the e-mail code signs in", { skip: noChromium ?? NEW_STEPS }, async () => {
    await demo.local.resetUser(SETUP.username);
    try {
      const { context, page } = await openLoginPage(browser, demo.url);
      await signIn(page, SETUP.username, SETUP.password);
      await page.getByRole("heading", { name: "Set up two-step verification" }).waitFor();
      assert.equal(await focusedId(page), "mfa-TOTP");
      await page.keyboard.press("ArrowDown");
      assert.equal(await page.getByRole("radio", { name: /Email/ }).isChecked(), true, "arrow keys move between the choices");
      await screenshot(page, "25-mfa-setup-selection");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("heading", { name: "Set up email codes" }).waitFor();
      assert.equal(await focusedId(page), "mfa-email");
      await page.getByLabel("Email for sign-in codes").fill(SETUP.username);
      await screenshot(page, "26-email-setup");
      await page.getByRole("button", { name: "Send code" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor();
      await enterCode(page, await demo.local.codes.nextCode(SETUP.username));
      await waitSignedIn(page, SETUP.username);
      await context.close();
    } finally {
      await demo.local.resetUser(SETUP.username);
    }
  });

  it("MFA set-up choice, then e-mail set-up, then the e-mail code (server answers mocked)", { skip: noChromium }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await answer(page, "/sign-in", { isSignedIn: false, nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION", allowedMFATypes: ["TOTP", "EMAIL"], expiresAt: inThreeMinutes() } });
    const confirms = await answer(
      page,
      "/confirm-sign-in",
      { isSignedIn: false, nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP", expiresAt: inThreeMinutes() } },
      { isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "s***@e***" }, expiresAt: inThreeMinutes() } },
    );
    await signIn(page, "someone@example.com", "Any-Passw0rd!");
    await page.getByRole("heading", { name: "Set up two-step verification" }).waitFor();
    assert.equal(await focusedId(page), "mfa-TOTP");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getByRole("radio", { name: /Email/ }).isChecked(), true);
    await page.getByRole("button", { name: "Continue" }).click();

    await page.getByRole("heading", { name: "Set up email codes" }).waitFor();
    assert.equal(await focusedId(page), "mfa-email");
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByRole("alert").filter({ hasText: "Enter an email address." }).waitFor();
    await page.getByLabel("Email for sign-in codes").fill("someone@example.com");
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    assert.deepEqual(confirms.map((body) => JSON.parse(body) as unknown), [{ challengeResponse: "EMAIL" }, { challengeResponse: "someone@example.com" }]);
    await context.close();
  });

  it("first-factor choice, then the password step (server answers mocked)", { skip: noChromium }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await answer(page, "/sign-in", { isSignedIn: false, nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", availableChallenges: ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"], expiresAt: inThreeMinutes() } });
    const confirms = await answer(page, "/confirm-sign-in", { isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_PASSWORD", expiresAt: inThreeMinutes() } }, DONE);
    await page.route("**/api/me", (route) => route.fulfill({ json: { user: DONE.user, servedAt: new Date().toISOString() } }));
    await signIn(page, "someone@example.com", "Any-Passw0rd!");
    await page.getByRole("heading", { name: "Choose how to sign in" }).waitFor();
    assert.equal(await page.getByRole("radio").count(), 3, "one Password entry for PASSWORD and PASSWORD_SRP");
    assert.equal(await focusedId(page), "factor-PASSWORD_SRP");
    await screenshot(page, "27-first-factor");
    await page.getByRole("button", { name: "Continue" }).click();

    await page.getByRole("heading", { name: "Enter your password" }).waitFor();
    assert.equal(await focusedId(page), "step-password");
    await screenshot(page, "28-password-step");
    await page.keyboard.type("Any-Passw0rd!");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    assert.deepEqual(confirms.map((body) => JSON.parse(body) as unknown), [{ challengeResponse: "PASSWORD_SRP" }, { challengeResponse: "Any-Passw0rd!" }]);
    await context.close();
  });
});
