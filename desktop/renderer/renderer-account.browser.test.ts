import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { after, before, describe, test } from "node:test";

// No D-Bus session, as in renderer.browser.test.ts: the keychain is unavailable here.
delete process.env.DBUS_SESSION_BUS_ADDRESS;
delete process.env.DISPLAY;
delete process.env.XDG_RUNTIME_DIR;

const { startQuietLocalCognito, wrongCodeFor } = await import("../../testing/support/cognito-fixture.js");
const { buildRendererForTests } = await import("../../testing/desktop/build-renderer.js");
const { serveRenderer } = await import("../../testing/desktop/app-server.js");
const { launchChromium, openApp, screenshot } = await import("../../testing/desktop/browser-harness.js");
const { qrCodeText } = await import("../../testing/support/qr-code.js");
const { desktopHarness } = await import("../../testing/desktop/desktop-harness.js");

type Local = Awaited<ReturnType<typeof startQuietLocalCognito>>;
type Page = Awaited<ReturnType<typeof openApp>>["page"];

const DOCS_IMAGES = path.resolve("docs/images");
const PASSWORD = "Fresh-Passw0rd!";
const shot = (page: Page, name: string) => screenshot(page, `desktop-account-${name}`, DOCS_IMAGES);

describe("the renderer's account screens in Chromium, on the real desktop services", () => {
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
    await app.page.getByRole("heading", { name: "Sign in" }).waitFor();
    return { ...harness, ...app };
  }
  const freshName = () => `new-${randomUUID().slice(0, 8)}@example.com`;
  const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id);

  async function signIn(page: Page, username: string, password: string) {
    const email = page.getByLabel("Email");
    if ((await email.inputValue()) !== username) await email.fill(username);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  /**
   * A confirmed user made through another app instance's account service (no screens): its
   * confirmation signs that instance in (right after its own sign-up), not the one under test.
   */
  async function confirmedUser(): Promise<string> {
    const other = desktopHarness(local);
    const username = freshName();
    await other.account.signUp({ username, password: PASSWORD, userAttributes: { email: username } });
    await other.account.confirmSignUp({ username, confirmationCode: await local.codes.nextCode(username) });
    assert.equal(other.service.getState().status, "signed-in", "the instance that signed up is signed in");
    await other.service.signOut();
    other.service.dispose();
    return username;
  }

  test("a new user creates an account, confirms it with the printed code (a wrong one first, then a new one), and is signed in without typing the password again", async () => {
    const { page, consoleErrors } = await start();
    const username = freshName();
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Create account" }).waitFor();
    assert.equal(await activeId(page), "sign-up-email");
    // Keyboard only: type, Tab, type, Tab past the hint, type, Enter.
    await page.keyboard.type(username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Tab");
    assert.equal(await activeId(page), "sign-up-confirm");
    await page.keyboard.type("Other-Passw0rd!");
    await page.keyboard.press("Enter");
    assert.match((await page.locator("#form-error").textContent()) ?? "", /don't match/);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await shot(page, "01-create-account");
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { name: "Confirm your email" }).waitFor();
    assert.equal(await page.locator(".destination").textContent(), "n***@e***");
    assert.equal(await activeId(page), "confirm-code");
    const first = await local.codes.nextCode(username);
    await page.getByLabel("Confirmation code").fill(wrongCodeFor(first));
    await page.getByRole("button", { name: "Confirm account" }).click();
    await page.locator("#form-error").waitFor({ state: "visible" });
    assert.match((await page.locator("#form-error").textContent()) ?? "", /code isn't right/);
    await page.getByRole("button", { name: "Send a new code" }).click();
    await page.waitForFunction(() => /new code to n\*\*\*@e\*\*\*/.test(document.querySelector("#notice")?.textContent ?? ""));
    await shot(page, "02-confirm-code");
    await page.getByLabel("Confirmation code").fill(await local.codes.nextCode(username));
    await page.getByRole("button", { name: "Confirm account" }).click();

    // Main signed in with ConfirmSignUp's Cognito session (docs/account.md); no password was kept.
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
    assert.equal(await page.locator("#signed-in-user").textContent(), username);
    assert.deepEqual(consoleErrors, []);
  });

  test("an unconfirmed account signing in goes to the confirm screen; confirmed there (no sign-up in this app), the password is asked", async () => {
    const earlier = desktopHarness(local);
    const username = freshName();
    await earlier.account.signUp({ username, password: PASSWORD, userAttributes: { email: username } });
    earlier.service.dispose();
    const { page } = await start();
    await signIn(page, username, PASSWORD);
    await page.getByRole("heading", { name: "Confirm your email" }).waitFor();
    assert.match((await page.locator("#form-error").textContent()) ?? "", /isn't confirmed yet/);
    await page.getByLabel("Confirmation code").fill(await local.codes.nextCode(username));
    await page.getByRole("button", { name: "Confirm account" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.match((await page.locator("#notice").textContent()) ?? "", /confirmed/);
    assert.equal(await page.getByLabel("Email").inputValue(), username);
    assert.equal(await activeId(page), "password");
    await signIn(page, username, PASSWORD);
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
  });

  test("signing up a taken email says so", async () => {
    const { page, account } = await start();
    const username = await confirmedUser();
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByLabel("Email").fill(username);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#form-error").waitFor({ state: "visible" });
    assert.match((await page.locator("#form-error").textContent()) ?? "", /already exists/);
  });

  test("forgot password end to end: the e-mail, the printed code, a new password, then sign in with it", async () => {
    const { page, account } = await start();
    const username = await confirmedUser();
    await page.getByLabel("Email").fill(username);
    await page.getByRole("button", { name: "Forgot password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    assert.equal(await page.getByLabel("Email").inputValue(), username);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByLabel("Reset code").waitFor();
    assert.equal(await activeId(page), "reset-code");
    assert.equal(await page.locator("#notice").textContent(), `If there is an account for ${username}, we sent a code to n***@e***.`);
    await page.getByLabel("Reset code").fill(await local.codes.nextCode(username));
    await page.getByLabel("New password", { exact: true }).fill("weak");
    await page.getByLabel("Confirm new password").fill("weak");
    await page.getByRole("button", { name: "Reset password" }).click();
    await page.waitForFunction(() => /too weak/.test(document.querySelector("#form-error")?.textContent ?? ""));
    await page.getByLabel("New password", { exact: true }).fill("Reset-Again-Passw0rd!");
    await page.getByLabel("Confirm new password").fill("Reset-Again-Passw0rd!");
    await shot(page, "03-reset-password");
    await page.getByRole("button", { name: "Reset password" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.match((await page.locator("#notice").textContent()) ?? "", /password is reset/);
    await signIn(page, username, "Reset-Again-Passw0rd!");
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
  });

  test("forgot password for an unknown e-mail reads exactly like a known one, and sends nothing", async () => {
    const { page } = await start();
    const unknown = freshName();
    await page.getByRole("button", { name: "Forgot password?" }).click();
    await page.getByLabel("Email").fill(unknown);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByLabel("Reset code").waitFor();
    assert.equal(await page.locator("#notice").textContent(), `If there is an account for ${unknown}, we sent a code to n***@e***.`);
    assert.equal(local.codes.countFor(unknown), 0);
  });

  test("account page: add a phone, verify it, turn SMS MFA on, sign out; the next sign-in asks for the SMS code", async () => {
    const { page, account, service } = await start();
    const username = await confirmedUser();
    await signIn(page, username, PASSWORD);
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
    await page.getByRole("button", { name: "Manage account" }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await page.waitForFunction(() => /verified/.test(document.querySelector("#profile-email")?.textContent ?? ""));
    assert.equal(await page.locator("#profile-phone").textContent(), "None");
    assert.match((await page.locator("#mfa-status").textContent()) ?? "", /^Off/);

    await page.getByRole("textbox", { name: "Phone number" }).fill("+1 555 555 0177");
    await page.getByRole("button", { name: "Save phone number" }).click();
    await page.getByLabel("Code we texted you").waitFor();
    assert.equal(await activeId(page), "phone-code");
    assert.equal(await page.locator("#account-status").textContent(), "We texted a code to +*******0177.");
    const code = await local.codes.nextCode(username);
    await page.getByLabel("Code we texted you").fill(wrongCodeFor(code));
    await page.getByRole("button", { name: "Verify phone" }).click();
    await page.waitForFunction(() => /code isn't right/.test(document.querySelector("#form-error")?.textContent ?? ""));
    await page.getByLabel("Code we texted you").fill(code);
    await page.getByRole("button", { name: "Verify phone" }).click();
    await page.waitForFunction(() => /\(verified\)/.test(document.querySelector("#profile-phone")?.textContent ?? ""));
    assert.equal(await activeId(page), "sms-on");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /^On: Text message/.test(document.querySelector("#mfa-status")?.textContent ?? ""));
    await page.getByRole("button", { name: "Make text messages preferred" }).click();
    await page.waitForFunction(() => /Text message \(preferred\)/.test(document.querySelector("#mfa-status")?.textContent ?? ""));
    await shot(page, "04-account-sms-on");
    assert.deepEqual(await account.fetchMFAPreference(), { enabled: ["SMS"], preferred: "SMS" });

    // The page holds no token, whatever the account calls returned.
    const seen = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify({ ...localStorage }) + document.cookie);
    assert.ok(!seen.includes(service.accessToken()!.split(".")[2]!));

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await signIn(page, username, PASSWORD);
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    assert.equal(await page.locator(".destination").textContent(), "+*******0177");
    await page.getByLabel("Text message code").fill(await local.codes.nextCode(username));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
  });

  test("account page: set up an authenticator app, and change the password (a wrong current one first)", async () => {
    const { page, account } = await start();
    const username = await confirmedUser();
    await signIn(page, username, PASSWORD);
    await page.getByRole("button", { name: "Manage account" }).click();
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await page.getByLabel("Code from the app").waitFor();
    const uri = await page.getByLabel("Setup link").inputValue();
    const secret = new URL(uri).searchParams.get("secret")!;
    assert.match(uri, new RegExp(`^otpauth://totp/cognito-mfa-kit%3A${encodeURIComponent(username)}\\?secret=[A-Z2-7]+&issuer=cognito-mfa-kit$`));
    assert.equal(await qrCodeText(page, "#totp-qr"), uri, "the QR code a phone scans is the same link, drawn under the app's Content-Security-Policy");
    await shot(page, "05-authenticator-setup");
    await page.getByLabel("Code from the app").fill(local.totpCodeForSecret(secret));
    await page.getByRole("button", { name: "Verify app" }).click();
    await page.waitForFunction(() => /Authenticator app/.test(document.querySelector("#mfa-status")?.textContent ?? ""));

    await page.getByLabel("Current password").fill("Not-The-Passw0rd!");
    await page.getByLabel("New password", { exact: true }).fill("Changed-Passw0rd!");
    await page.getByLabel("Confirm new password").fill("Changed-Passw0rd!");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.waitForFunction(() => /current password isn't right/.test(document.querySelector("#form-error")?.textContent ?? ""));
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.waitForFunction(() => document.querySelector("#account-status")?.textContent === "Your password is changed.");
  });
});
