import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = path.join(root, "desktop/out");

test("npm run desktop:build builds main, a single CommonJS preload and the renderer, offline", () => {
  const result = spawnSync("npm", ["run", "desktop:build"], { cwd: root, encoding: "utf8", env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: "1" } });
  assert.equal(result.status, 0, result.stderr + result.stdout);

  // A sandboxed preload cannot load modules: one file, requiring nothing but electron.
  assert.deepEqual(readdirSync(path.join(out, "preload")), ["index.cjs"]);
  const preload = readFileSync(path.join(out, "preload/index.cjs"), "utf8");
  assert.deepEqual([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]), ["electron"]);
  assert.match(preload, /contextIsolated/);
  assert.match(preload, /exposeInMainWorld\("auth"/);
  assert.doesNotMatch(preload, /zod|keytar|aws-sdk/);

  const main = readFileSync(path.join(out, "main/index.js"), "utf8");
  assert.match(main, /from "electron"/);
  assert.match(main, /from "@github\/keytar"|require\("@github\/keytar"\)|"@github\/keytar"/, "keytar stays external (native module)");

  const html = readFileSync(path.join(out, "renderer/index.html"), "utf8");
  assert.match(html, /http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script (the CSP would block it)");
  assert.doesNotMatch(html, /<style|style="/, "no inline style");
});
