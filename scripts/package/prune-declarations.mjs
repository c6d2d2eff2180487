#!/usr/bin/env node
// After `tsc -p tsconfig.build.json`: keeps only the .d.ts files an app's type checker can
// reach from the package's entry points. tsc declares every compiled file, also the local
// Cognito's internals that a dynamic import loads and that name cognito-local's own types; an
// app never sees those, so they do not ship (the package's typings then need no dev-only types).
import { readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const [outDir, ...entries] = process.argv.slice(2);
if (!outDir || entries.length === 0) throw new Error("usage: prune-declarations.mjs <outDir> <entry.d.ts>...");

const reached = new Set();
const pending = entries.map((entry) => path.resolve(outDir, entry));
while (pending.length) {
  const file = pending.pop();
  if (reached.has(file)) continue;
  reached.add(file);
  const text = readFileSync(file, "utf8");
  for (const [, specifier] of text.matchAll(/(?:from\s+|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    pending.push(path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".d.ts")));
  }
}

function declarations(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? declarations(full) : full.endsWith(".d.ts") ? [full] : [];
  });
}

const pruned = declarations(path.resolve(outDir)).filter((file) => !reached.has(file));
for (const file of pruned) rmSync(file);
console.log(`prune-declarations: kept ${reached.size} .d.ts, removed ${pruned.length} unreachable from the entry points`);
