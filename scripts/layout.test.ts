import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

// The layout says what ships. Shipped code (the flow in shared/, the middleware, the desktop
// app) may not import what only scaffolds it: the demo, test support, end-to-end suites, the
// bench and the repo's scripts. A test file beside shipped code may import anything.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHIPPED = ["shared", "middleware", "desktop"];
const SCAFFOLDING = ["demo", "testing", "e2e", "bench", "scripts"];
const SKIP = new Set(["node_modules", "out", "dist", "release"]);

function sources(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sources(full, found);
    else if (/\.(ts|mts|cts)$/.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith(".d.ts")) found.push(full);
  }
  return found;
}

/** Every relative import or dynamic import in a file, resolved to a repo-relative path. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from\s*|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((match) => match[1]!);
  return specs.map((spec) => path.relative(root, path.resolve(path.dirname(file), spec)));
}

test("shipped code imports no scaffolding (demo, testing, e2e, bench, scripts)", () => {
  const files = SHIPPED.flatMap((dir) => sources(path.join(root, dir)));
  assert.ok(files.length > 50, `the shipped sources were found (${files.length})`);
  const offenders = files.flatMap((file) =>
    relativeImports(file)
      .filter((target) => SCAFFOLDING.includes(target.split(path.sep)[0]!))
      .map((target) => `${path.relative(root, file)} imports ${target}`),
  );
  assert.deepEqual(offenders, []);
});

test("test support lives in testing/, not inside the folders that ship", () => {
  const misplaced = SHIPPED.flatMap((dir) => sources(path.join(root, dir)))
    .map((file) => path.relative(root, file))
    .filter((file) => /(^|\/)(testing|support|contract|fixtures?)\//.test(file));
  assert.deepEqual(misplaced, []);
});
