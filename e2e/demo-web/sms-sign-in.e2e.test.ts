// The demo page in Debian's Chromium against the demo server and the local Cognito: the SMS
// flow a newcomer sees after `npm start`, with each code read from the local Cognito's capture.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { DEMO, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { launchChromium, noChromium, screenshot } from "../../testing/support/browser.js";
import { startDemoServer, type DemoServer } from "../../testing/support/demo-server.js";
import { unmerged } from "./routes-merged.js";
import { enterCode, focusedId, openLoginPage, readableSecrets, signIn, signInWithKeyboard, waitForCodeStep, waitSignedIn } from "./login-page.js";

describe("demo web: SMS sign-in in a browser", () => {
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

  it("signs in with the SMS code using only the keyboard, and the page can read no token", { skip: noChromium }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await screenshot(page, "01-sign-in");
    await page.getByText("How this works").click();
    assert.match((await page.locator(".how pre").first().textContent()) ?? "", /fetch\("\/auth\/sign-in"[\s\S]*credentials: "same-origin"[\s\S]*fetch\("\/auth\/confirm-sign-in"/);
    await screenshot(page, "01b-how-this-works");
    await page.getByText("How this works").click();
    await page.getByLabel("Email").focus();
    await signInWithKeyboard(page, DEMO.username, DEMO.password);
    await waitForCodeStep(page);
    const input = page.getByLabel("Verification code");
    assert.equal(await input.getAttribute("autocomplete"), "one-time-code");
    assert.equal(await input.getAttribute("inputmode"), "numeric");
    assert.match((await page.locator(".lead").textContent()) ?? "", /\+\*+0100/, "the masked phone number is shown");
    assert.match((await page.getByRole("timer").textContent()) ?? "", /Code expires in [23]:\d\d/);
    await screenshot(page, "02-sms-code");

    await page.keyboard.type(await demo.local.codes.nextCode(DEMO.username));
    await page.keyboard.press("Enter");
    await waitSignedIn(page, DEMO.username);
    await screenshot(page, "03-signed-in");

    const readable = await page.evaluate(() => ({ cookie: document.cookie, local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }));
    assert.deepEqual(readable, { cookie: "", local: "{}", session: "{}" }, "no token is readable by the page's JavaScript");
    const cookies = await context.cookies();
    assert.ok(cookies.length > 0, "the session lives in cookies");
    for (const cookie of cookies) assert.equal(cookie.httpOnly, true, `${cookie.name} is HttpOnly`);

    // Reloading the protected page keeps the user signed in.
    await page.reload();
    await waitSignedIn(page, DEMO.username);
    await context.close();
  });

  it("says how many attempts are left after a wrong code, then accepts the right one", { skip: noChromium }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, DEMO.username, DEMO.password);
    await waitForCodeStep(page);
    const code = await demo.local.codes.nextCode(DEMO.username);
    await enterCode(page, wrongCodeFor(code));
    await page.getByRole("alert").filter({ hasText: "That code isn't right. 4 attempts left." }).waitFor();
    assert.equal(await focusedId(page), "code", "focus returns to the code input");
    assert.equal(await page.getByLabel("Verification code").getAttribute("aria-invalid"), "true");
    await screenshot(page, "04-wrong-code");
    await enterCode(page, code);
    await waitSignedIn(page, DEMO.username);
    await context.close();
  });

  it("resends through /auth/resend-code: the page holds no password, a second code arrives and signs in", { skip: noChromium ?? unmerged("mw13", "/resend-code") }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, DEMO.username, DEMO.password);
    await waitForCodeStep(page);
    assert.deepEqual(await readableSecrets(page, DEMO.password), { globals: [], session: "{}", local: "{}" }, "no password in window globals or storage once sign-in started");
    assert.equal(await page.getByLabel("Password", { exact: true }).count(), 0, "the password field is gone with its screen");
    const resends: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/auth/resend-code")) resends.push(request.postData() ?? "");
    });
    const first = await demo.local.codes.nextCode(DEMO.username);
    const sent = demo.local.codes.countFor(DEMO.username);
    await page.getByRole("button", { name: "Resend code" }).click();
    await page.getByRole("alert").filter({ hasText: /We sent a new code to \+\*+0100/ }).waitFor();
    const second = await demo.local.codes.nextCode(DEMO.username);
    assert.equal(demo.local.codes.countFor(DEMO.username), sent + 1, "one more code was sent");
    assert.equal(resends.length, 1, "resend is POST /auth/resend-code");
    assert.ok(!resends[0]!.includes(DEMO.password), "and it carries no password");
    assert.equal(await focusedId(page), "code");
    await screenshot(page, "05-code-resent");
    await page.setViewportSize({ width: 390, height: 780 });
    await screenshot(page, "05b-code-resent-phone");
    await enterCode(page, second);
    await waitSignedIn(page, DEMO.username);
    assert.ok(first.length === 6 && second.length === 6);
    await context.close();
  });

  it("signs out: the account page and the API turn the browser away", { skip: noChromium }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, DEMO.username, DEMO.password);
    await waitForCodeStep(page);
    await enterCode(page, await demo.local.codes.nextCode(DEMO.username));
    await waitSignedIn(page, DEMO.username);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("alert").filter({ hasText: "You're signed out." }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
    await screenshot(page, "06-signed-out");
    const api = await page.evaluate(async () => (await fetch("/api/me", { credentials: "same-origin" })).status);
    assert.equal(api, 401);
    await page.goto(`${demo.url}/account`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
    await context.close();
  });

  it("sends a signed-out browser from the protected page to the login page", { skip: noChromium }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${demo.url}/account`);
    assert.equal(new URL(page.url()).pathname, "/", "redirected to the login page");
    assert.equal(response?.request().redirectedFrom()?.url(), `${demo.url}/account`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await context.close();
  });
});
