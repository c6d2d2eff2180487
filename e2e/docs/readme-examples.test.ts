import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

// The README's code is what people copy first: every TypeScript block that imports the kit must
// type-check against the real exports, so the docs cannot drift from the code.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((code) => code.includes("cognito-mfa-kit/"));

test("the README has the Express, Koa and Node http examples", () => {
  assert.ok(blocks.some((code) => code.includes("expressAuth(")));
  assert.ok(blocks.some((code) => code.includes("koaAuth(")));
  assert.ok(blocks.some((code) => code.includes("nodeAuth(")));
});

test("every README example type-checks against the kit's exports (strict)", { timeout: 120_000 }, () => {
  // Inside the repo, so `express`, `koa` and the kit's sources resolve as they would for a user.
  const dir = mkdtempSync(path.join(root, "e2e/docs/.readme-"));
  try {
    const files = blocks.map((code, index) => {
      const file = path.join(dir, `example-${index}.ts`);
      const source = code.replaceAll('"cognito-mfa-kit/middleware"', `"${path.relative(dir, path.join(root, "middleware/index.js")).replaceAll("\\", "/")}"`);
      // Each example is its own module.
      writeFileSync(file, `${source}\nexport {};\n`);
      return file;
    });
    const tsconfig = path.join(dir, "tsconfig.json");
    writeFileSync(tsconfig, JSON.stringify({ extends: path.join(root, "tsconfig.json"), compilerOptions: { noUnusedLocals: false }, include: files }));
    const result = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", tsconfig], { encoding: "utf8" });
    assert.equal(result.status, 0, `tsc found errors in README examples:\n${result.stdout}${result.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
