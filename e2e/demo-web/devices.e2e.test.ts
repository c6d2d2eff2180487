// Remembered devices on the demo page (issue 13), in Chromium against the demo server and the
// local Cognito (a pool with ChallengeRequiredOnNewDevice and DeviceOnlyRememberedOnUserPrompt):
// remember this browser after the code, then the password alone signs in; forget it on the
// account page, then the code is asked again.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { DEMO } from "../../testing/support/cognito-fixture.js";
import { launchChromium, noChromium, screenshot } from "../../testing/support/browser.js";
import { startDemoServer, type DemoServer } from "../../testing/support/demo-server.js";
import { enterCode, focusedId, openLoginPage, rememberThisDevice, signIn, signOut, waitForCodeStep, waitSignedIn } from "./login-page.js";
import { unmerged } from "./routes-merged.js";

const DEVICES = unmerged("mw13", "/devices", "/remember-device", "/forget-device");

describe("demo web: remembered devices in a browser", () => {
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

  it("remembers this device after the code; the next sign-in needs the password alone; forgetting it brings the code back", { skip: noChromium ?? DEVICES }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, DEMO.username, DEMO.password);
    await waitForCodeStep(page);
    await enterCode(page, await demo.local.codes.nextCode(DEMO.username));
    await page.getByRole("heading", { name: "Remember this device?" }).waitFor();
    assert.equal(await focusedId(page), "remember-device");
    await screenshot(page, "21-remember-device");
    await rememberThisDevice(page);
    await page.getByRole("alert").filter({ hasText: "This device is remembered" }).waitFor();

    const current = page.locator("#device-list li").filter({ hasText: "this device" });
    await current.waitFor();
    assert.match((await current.textContent()) ?? "", /remembered/);
    await screenshot(page, "22-devices");

    const sent = demo.local.codes.countFor(DEMO.username);
    await signOut(page);
    await signIn(page, DEMO.username, DEMO.password);
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    assert.equal(demo.local.codes.countFor(DEMO.username), sent, "no code was sent: the remembered device skipped MFA");

    await current.waitFor();
    await current.getByRole("button", { name: /^Forget/ }).click();
    await page.getByRole("alert").filter({ hasText: "This device is forgotten" }).waitFor();
    assert.equal(await page.locator("#device-list li").filter({ hasText: "this device" }).filter({ hasText: "remembered" }).count(), 0);

    await signOut(page);
    await signIn(page, DEMO.username, DEMO.password);
    await waitForCodeStep(page);
    await enterCode(page, await demo.local.codes.nextCode(DEMO.username));
    await waitSignedIn(page, DEMO.username);
    await context.close();
  });

  it("'Not now' leaves the device unremembered: the next sign-in asks for the code", { skip: noChromium ?? DEVICES }, async () => {
    const { context, page } = await openLoginPage(browser, demo.url);
    await signIn(page, DEMO.username, DEMO.password);
    await waitForCodeStep(page);
    await enterCode(page, await demo.local.codes.nextCode(DEMO.username));
    await page.getByRole("heading", { name: "Remember this device?" }).waitFor();
    await page.getByRole("button", { name: "Not now" }).click();
    await waitSignedIn(page, DEMO.username);
    await signOut(page);
    await signIn(page, DEMO.username, DEMO.password);
    await waitForCodeStep(page);
    await context.close();
  });
});
