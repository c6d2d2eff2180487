import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

// Benchmarks are not tests; this runs `npm run bench` at tiny sizes so the script cannot rot.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECTIONS = ["1. Flow overhead", "2. Guard throughput", "3. Concurrency", "4. Memory", "5. Desktop start", "6. Flood", "7. SRP: client CPU per sign-in"];
const keyringInstalled = spawnSync("sh", ["-c", "command -v dbus-run-session && command -v gnome-keyring-daemon"], { stdio: "ignore" }).status === 0;

test("the bench runs every section at smoke size and writes a row for each measurement", { timeout: 170_000 }, () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "cmk-bench-")), "results.md");
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench/run.ts")], {
    cwd: root,
    env: { ...process.env, BENCH_SIZE: "smoke", BENCH_OUT: out, BENCH_ONLY: "" },
    encoding: "utf8",
    timeout: 160_000, // two Redis rows start a redis-server and a 3-node cluster; a loaded machine doubles it
  });
  assert.equal(run.status, 0, `bench failed:\n${run.stderr.slice(-3000)}`);
  const report = readFileSync(out, "utf8");
  assert.match(report, /Machine: .+ cores, .+ memory, .+ Node v\d+/);
  const parts = report.split(/^### /m).filter((part) => /^\d\. /.test(part));
  assert.deepEqual(parts.map((part) => SECTIONS.find((title) => part.startsWith(title)) ?? part.split("\n")[0]), SECTIONS);
  const expectedRows = [16, 11, 8, 3, keyringInstalled ? 4 : 1, 3, 4];
  parts.forEach((part, index) => {
    const rows = part.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| Metric") && !line.startsWith("| ---"));
    assert.equal(rows.length, expectedRows[index], `${SECTIONS[index]}: ${rows.length} rows`);
    for (const row of rows) assert.doesNotMatch(row, /NaN|undefined|Infinity/, row);
  });
});
