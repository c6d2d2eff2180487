// What a person does on the demo login page, found the way assistive technology finds it:
// by label and role. If a label goes missing, these helpers fail.
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";

export interface Tab {
  context: BrowserContext;
  page: Page;
}

export async function openLoginPage(browser: Browser, url: string, path = "/"): Promise<Tab> {
  const context = await browser.newContext({ viewport: { width: 960, height: 780 }, deviceScaleFactor: 1, locale: "en-US", timezoneId: "UTC" });
  const page = await context.newPage();
  await page.goto(url + path);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  return { context, page };
}

/** Keyboard only: type the email, Tab, type the password, Enter. */
export async function signInWithKeyboard(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel("Email").waitFor();
  assert.equal(await focusedId(page), "username", "the email field has focus on load");
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
}

/** Waits for the SMS code step; the code input must have focus. */
export async function waitForCodeStep(page: Page): Promise<void> {
  await page.getByRole("heading", { name: "Check your phone" }).waitFor();
  assert.equal(await focusedId(page), "code", "focus moves to the code input");
}

export async function enterCode(page: Page, code: string, label = "Verification code", button: string | RegExp = /^Verify/): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(code);
  await page.getByRole("button", { name: button }).click();
}

/**
 * Signed in: the account page. On a pool that tracks devices a new browser is first asked
 * "Remember this device?"; this answers "Not now" (see rememberThisDevice for the other answer).
 */
export async function waitSignedIn(page: Page, username: string): Promise<void> {
  const welcome = page.getByRole("heading", { name: "Welcome back" });
  const remember = page.getByRole("heading", { name: "Remember this device?" });
  await welcome.or(remember).waitFor();
  if (await remember.isVisible()) {
    assert.equal(await focusedId(page), "remember-device", "focus moves to the choice");
    await page.getByRole("button", { name: "Not now" }).click();
  }
  await welcome.waitFor();
  assert.equal(await page.locator("#user-name").textContent(), username);
  assert.equal(new URL(page.url()).pathname, "/account");
}

export async function alertText(page: Page): Promise<string> {
  const alert = page.getByRole("alert");
  await alert.waitFor();
  return (await alert.textContent()) ?? "";
}

export function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.activeElement?.id);
}

/** At "Remember this device?" (after the code, on a new device): remember it. */
export async function rememberThisDevice(page: Page): Promise<void> {
  await page.getByRole("heading", { name: "Remember this device?" }).waitFor();
  await page.getByRole("button", { name: "Remember this device" }).click();
  await page.getByRole("heading", { name: "Welcome back" }).waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("alert").filter({ hasText: "You're signed out." }).waitFor();
}

/** What the page's own JavaScript could read: window globals that hold `secret`, and both storages. */
export function readableSecrets(page: Page, secret: string): Promise<{ globals: string[]; session: string; local: string }> {
  return page.evaluate((needle) => {
    const globals: string[] = [];
    for (const key of Object.getOwnPropertyNames(window)) {
      try {
        const value = (window as unknown as Record<string, unknown>)[key];
        if (typeof value === "string" ? value.includes(needle) : value && typeof value === "object" && JSON.stringify(value)?.includes(needle)) globals.push(key);
      } catch {
        // cyclic or cross-origin values hold nothing the page put there
      }
    }
    return { globals, session: JSON.stringify({ ...sessionStorage }), local: JSON.stringify({ ...localStorage }) };
  }, secret);
}
