// Time and limits in the browser: a challenge that runs out, an access token that runs out
// (requireAuth refreshes it), and the message when too many codes were sent.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { DEMO } from "../../testing/support/cognito-fixture.js";
import { launchChromium, noChromium, screenshot } from "../../testing/support/browser.js";
import { unmerged } from "./routes-merged.js";
import { startDemoServer, type DemoServer } from "../../testing/support/demo-server.js";
import { enterCode, openLoginPage, signIn, waitForCodeStep, waitSignedIn } from "./login-page.js";

describe("demo web: lifetimes and limits in a browser", () => {
  let browser: Browser;
  before(async () => {
    if (noChromium) return; // each test reports the reason as its skip
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it("tells the user the challenge expired, then signs in again with a new code", { skip: noChromium }, async () => {
    // Both sides agree the challenge lives 3 seconds: the local Cognito and the middleware.
    const demo = await startDemoServer({ cognito: { challengeTtlMs: 3000 }, auth: { challengeTtlMs: 3000 } });
    try {
      const { context, page } = await openLoginPage(browser, demo.url);
      await signIn(page, DEMO.username, DEMO.password);
      await waitForCodeStep(page);
      const stale = await demo.local.codes.nextCode(DEMO.username);
      await page.getByRole("alert").filter({ hasText: "This code has expired. Sign in again to get a new one." }).waitFor({ timeout: 6000 });
      assert.equal(await page.getByRole("timer").textContent(), "Code expired");
      assert.equal(await page.getByLabel("Verification code").isDisabled(), true);
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Sign in again", "focus moves to the way forward");
      await screenshot(page, "11-challenge-expired");

      // The server agrees: the old code no longer signs in.
      const late = await page.evaluate(async (code) => {
        const response = await fetch("/auth/confirm-sign-in", { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify({ challengeResponse: code }) });
        return { status: response.status, body: (await response.json()) as { error?: { code?: string } } };
      }, stale);
      assert.equal(late.status, 401);
      assert.equal(late.body.error?.code, "CHALLENGE_EXPIRED");

      await page.getByRole("button", { name: "Sign in again" }).click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      assert.equal(await page.getByLabel("Email").inputValue(), DEMO.username, "the username is kept");
      assert.equal(await page.getByLabel("Password", { exact: true }).inputValue(), "", "the password is not");
      await page.getByLabel("Password", { exact: true }).fill(DEMO.password);
      await page.getByRole("button", { name: "Continue" }).click();
      await waitForCodeStep(page);
      await enterCode(page, await demo.local.codes.nextCode(DEMO.username));
      await waitSignedIn(page, DEMO.username);
      await context.close();
    } finally {
      await demo.close();
    }
  });

  it("stays signed in after the access token expires: requireAuth refreshes it", { skip: noChromium }, async () => {
    const demo = await startDemoServer({ cognito: { accessTokenValiditySeconds: 3 } });
    try {
      const { context, page } = await openLoginPage(browser, demo.url);
      await signIn(page, DEMO.username, DEMO.password);
      await waitForCodeStep(page);
      await enterCode(page, await demo.local.codes.nextCode(DEMO.username));
      await waitSignedIn(page, DEMO.username);
      const accessBefore = (await context.cookies()).find((cookie) => /access/i.test(cookie.name));
      assert.ok(accessBefore, "an access-token cookie is set");

      await sleep(4000);
      const me = await page.evaluate(async () => {
        const response = await fetch("/api/me", { credentials: "same-origin" });
        return { status: response.status, body: (await response.json()) as { user?: { username?: string } } };
      });
      assert.equal(me.status, 200, "the expired access token was refreshed on the way");
      assert.equal(me.body.user?.username, DEMO.username);
      const accessAfter = (await context.cookies()).find((cookie) => cookie.name === accessBefore.name);
      assert.notEqual(accessAfter?.value, accessBefore.value, "a new access token was set");

      await page.reload();
      await waitSignedIn(page, DEMO.username);
      await page.getByRole("button", { name: "Call /api/me again" }).click();
      await page.getByRole("alert").filter({ hasText: "GET /api/me answered again." }).waitFor();
      await context.close();
    } finally {
      await demo.close();
    }
  });

  // Resend is POST /auth/resend-code (branch mw13): the page keeps no password to sign in again with.
  it("shows the wait time when too many codes were sent", { skip: noChromium ?? unmerged("mw13", "/resend-code") }, async () => {
    const demo = await startDemoServer({ auth: { limits: { codesSentPerAccount: { points: 1, durationSeconds: 3600 } } } });
    try {
      const { context, page } = await openLoginPage(browser, demo.url);
      await signIn(page, DEMO.username, DEMO.password);
      await waitForCodeStep(page);
      await demo.local.codes.nextCode(DEMO.username);
      await page.getByRole("button", { name: "Resend code" }).click();
      const alert = page.getByRole("alert").filter({ hasText: /Too many codes were sent to this account\. Try again in (\d+ minutes|1 hour)\./ });
      await alert.waitFor();
      await screenshot(page, "12-rate-limited");
      await context.close();
    } finally {
      await demo.close();
    }
  });
});
