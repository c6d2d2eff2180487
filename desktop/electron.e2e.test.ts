import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { _electron as electron } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The Electron binary the `electron` package downloaded, if it did. */
function electronBinary(): string | undefined {
  const pathFile = path.join(root, "node_modules/electron/path.txt");
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(root, "node_modules/electron/dist", readFileSync(pathFile, "utf8").trim());
  return existsSync(binary) ? binary : undefined;
}

test("Electron end to end: the packaged window signs in with the embedded local Cognito", async (t) => {
  const binary = electronBinary();
  if (!binary) {
    t.skip("no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1; its download is refused here) — run `npm install electron` where downloads work");
    return;
  }
  if (!existsSync(path.join(root, "desktop/out/main/index.js"))) t.diagnostic("desktop/out is missing: run npm run desktop:build first");
  const codes: string[] = [];
  const app = await electron.launch({ executablePath: binary, args: [path.join(root, "desktop/out/main/index.js")], cwd: root, env: { ...process.env, CMK_LOG_LEVEL: "info" } });
  app.process().stdout?.on("data", (chunk: Buffer) => {
    for (const match of String(chunk).matchAll(/SMS to \S+ for demo@example\.com: (\d{6})/g)) codes.push(match[1]!);
  });
  try {
    const page = await app.firstWindow();
    assert.match(page.url(), /^app:\/\/desktop\//);
    assert.equal(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length), 1);
    assert.deepEqual(await page.evaluate(() => Object.keys(window.auth).sort()), ["confirmSignIn", "getState", "onState", "resendCode", "signIn", "signOut"]);
    assert.deepEqual(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process]), ["undefined", "undefined"]);

    await page.getByLabel("Email").fill("demo@example.com");
    await page.getByLabel("Password", { exact: true }).fill("Demo-Passw0rd!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    await assert.doesNotReject(async () => {
      for (let waited = 0; codes.length === 0 && waited < 50; waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    });
    await page.getByLabel("Text message code").fill(codes.at(-1)!);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "You're signed in" }).waitFor();
  } finally {
    await app.close();
  }
});
