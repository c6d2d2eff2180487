// Debian's Chromium driven by playwright-core (no downloaded browsers), and the screenshots
// the demo-web suite leaves in test-results/demo-web/.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (or at nothing, to see the skip). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Why browser tests cannot run here, or undefined when they can. */
export const noChromium: string | undefined = existsSync(CHROMIUM_PATH)
  ? undefined
  : `${CHROMIUM_PATH} is missing (apt-get install -y chromium, or set CHROMIUM_PATH): browser test skipped`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

const shots = fileURLToPath(new URL("../../test-results/demo-web/", import.meta.url));

/** Saves a full-page screenshot as test-results/demo-web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true, animations: "disabled", caret: "hide" });
}
