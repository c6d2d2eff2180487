#!/usr/bin/env node
// `npm test`: type check, then every test file under node's test runner, in groups that need
// different surroundings (the keychain tests run inside a D-Bus session with gnome-keyring).
// Prints node's spec output and, last, one line "N passed, N failed, N skipped" for CI.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const only = process.argv.slice(2); // optional file filters: npm test -- shared/flow
const SKIP_DIRS = new Set(["node_modules", ".git", "dist", "out", "release", "test-results"]);

function findTests(dir, found = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, found);
    else if (name.endsWith(".test.ts")) found.push(path.relative(root, full));
  }
  return found.sort();
}

const all = findTests(root).filter((file) => only.length === 0 || only.some((filter) => file.includes(filter)));
const keychain = all.filter((file) => file.endsWith(".keychain.test.ts"));
// The adopter test packs, installs from the registry and type-checks: minutes, not seconds.
const slow = all.filter((file) => file.startsWith("e2e/package/"));
const plain = all.filter((file) => !keychain.includes(file) && !slow.includes(file));
const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}`);
  // The AWS SDK warns that its 2027 releases need Node 22; the lockfile pins this one.
  const quiet = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...quiet, ...env } });
  if (result.status !== 0) exitCode = 1;
  return result.status;
}

function nodeTestArgs(files, countsFile, timeoutMs = 120000) {
  return [
    // One file at a time: several suites build the same desktop bundle or drive Chromium, and
    // CI machines have two cores anyway.
    "--import", "tsx", "--test", "--test-concurrency=1", `--test-timeout=${timeoutMs}`,
    "--test-reporter=spec", "--test-reporter-destination=stdout",
    `--test-reporter=${path.join(root, "scripts/count-reporter.mjs")}`, `--test-reporter-destination=${countsFile}`,
    ...files,
  ];
}

function addCounts(countsFile) {
  if (!existsSync(countsFile)) return;
  const counts = JSON.parse(readFileSync(countsFile, "utf8") || "{}");
  totals.passed += counts.passed ?? 0;
  totals.failed += counts.failed ?? 0;
  totals.skipped += counts.skipped ?? 0;
}

const scratch = mkdtempSync(path.join(tmpdir(), "cmk-test-"));
if (only.length === 0) {
  const status = run("type check (tsc --noEmit, strict)", "npx", ["tsc", "-p", "."]);
  if (status === 0) totals.passed += 1;
  else totals.failed += 1;
}

if (plain.length) {
  const countsFile = path.join(scratch, "plain.json");
  run(`tests (${plain.length} files)`, process.execPath, nodeTestArgs(plain, countsFile));
  addCounts(countsFile);
}

if (slow.length) {
  const countsFile = path.join(scratch, "slow.json");
  run(`package tests (${slow.length} files, 15 minutes each at most)`, process.execPath, nodeTestArgs(slow, countsFile, 900000));
  addCounts(countsFile);
}

if (keychain.length) {
  const countsFile = path.join(scratch, "keychain.json");
  const haveDbus = spawnSync("sh", ["-c", "command -v dbus-run-session && command -v gnome-keyring-daemon"], { stdio: "ignore" }).status === 0;
  if (haveDbus) {
    // A private D-Bus session with an unlocked gnome-keyring: the real OS keychain on Linux.
    const inner = `printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "${process.execPath}" ${nodeTestArgs(keychain, countsFile).map((arg) => `'${arg}'`).join(" ")}`;
    run(`keychain tests in a D-Bus session (${keychain.length} files)`, "dbus-run-session", ["--", "sh", "-c", inner], { CMK_KEYCHAIN_SESSION: "1" });
  } else {
    console.log("\n=== keychain tests: SKIPPED because dbus-run-session or gnome-keyring-daemon is not installed (apt-get install -y gnome-keyring dbus-x11)");
    totals.skipped += keychain.length;
  }
  addCounts(countsFile);
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode || (totals.failed > 0 ? 1 : 0));
