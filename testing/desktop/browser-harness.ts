import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import type { AccountService } from "../../desktop/main/account-service.js";
import type { AuthService } from "../../desktop/main/auth-service.js";
import { accountHandlers } from "../../desktop/main/ipc/account-handlers.js";
import { authHandlers } from "../../desktop/main/ipc/auth-handlers.js";
import { deviceHandlers } from "../../desktop/main/ipc/device-handlers.js";
import type { DeviceService } from "../../desktop/main/device-service.js";
import { authStateSchema } from "../../desktop/main/ipc/ipc-contract.js";
import { createIpcRouter } from "../../desktop/main/ipc/ipc-router.js";
import type { BuiltRenderer } from "./build-renderer.js";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.resolve("test-results/desktop");

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * Opens the built renderer in a page whose `window.auth` is the preload's own API builder on
 * top of Playwright bindings, which call the real IPC router (sender check, validation,
 * envelopes) and the real auth service, the way ipcRenderer.invoke reaches ipcMain.
 */
export async function openApp(browser: Browser, input: { origin: string; built: BuiltRenderer; service: AuthService; account: AccountService; devices: DeviceService }): Promise<{ page: Page; consoleErrors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 480, height: 760 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));

  type FrameRef = { url: string; frame: Frame };
  const router = createIpcRouter({
    handlers: { ...authHandlers(input.service), ...deviceHandlers(input.devices), ...accountHandlers(input.account) },
    sender: { appOrigin: input.origin, isMainFrameOfOurWindow: (frame) => (frame as FrameRef).frame === page.mainFrame() },
  });
  await page.exposeBinding("__cmkInvoke", (source, channel: unknown, args: unknown) =>
    router.handle(channel, { senderFrame: { url: source.frame.url(), frame: source.frame } as FrameRef }, Array.isArray(args) ? args : []),
  );
  const unsubscribe = input.service.onState((state) => {
    // Main pushes state through the same strict schema as its replies (register-ipc.ts).
    void page.evaluate((s) => (window as unknown as { __cmkPushState?: (s: unknown) => void }).__cmkPushState?.(s), authStateSchema.parse(state)).catch(() => undefined);
  });
  await page.addInitScript(`${input.built.authApiScript}
;(() => {
  const listeners = new Set();
  Object.defineProperty(window, "__cmkPushState", { value: (state) => { for (const listener of listeners) listener(state); } });
  const api = CmkAuthApi.buildAuthApi({
    invoke: (channel, payload) => window.__cmkInvoke(channel, payload === undefined ? [] : [payload]),
    subscribe(listener) { listeners.add(listener); return () => listeners.delete(listener); },
  });
  Object.defineProperty(window, "auth", { value: api, enumerable: true });
  delete window.CmkAuthApi;
})();`);
  await page.goto(`${input.origin}/index.html`);
  return {
    page,
    consoleErrors,
    async close() {
      unsubscribe();
      await context.close();
    },
  };
}

export async function screenshot(page: Page, name: string, directory: string = SCREENSHOT_DIR): Promise<void> {
  await mkdir(directory, { recursive: true });
  await page.screenshot({ path: path.join(directory, `${name}.png`), fullPage: true });
}
