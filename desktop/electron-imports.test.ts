import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

// The architecture rule that keeps the desktop app testable without an Electron binary: only a
// few thin glue files may import "electron", and only one may touch ipcMain (as GitHub Desktop
// enforces with a lint rule). Everything else is plain Node, tested for real.

const here = path.dirname(fileURLToPath(import.meta.url));
const GLUE = new Set(["main/index.ts", "main/create-window.ts", "main/app-protocol.ts", "main/register-ipc.ts", "main/window-options.ts", "preload/index.ts"]);

function sources(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (name === "node_modules" || name === "out") continue;
    if (statSync(full).isDirectory()) sources(full, found);
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) found.push(path.relative(here, full));
  }
  return found;
}

const files = sources(here).map((file) => ({ file, text: readFileSync(path.join(here, file), "utf8") }));

test('only the Electron glue files import "electron"', () => {
  const importers = files.filter(({ text }) => /from\s+["']electron["']|require\(["']electron["']\)/.test(text)).map(({ file }) => file);
  assert.ok(importers.length > 0, "the glue files were found");
  assert.deepEqual(importers.filter((file) => !GLUE.has(file)), []);
});

test("only register-ipc.ts uses ipcMain", () => {
  const users = files.filter(({ text }) => /\bipcMain\b/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ""))).map(({ file }) => file);
  assert.deepEqual(users, ["main/register-ipc.ts"]);
});
