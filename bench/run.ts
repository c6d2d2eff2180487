// `npm run bench`: every section side by side in one run; prints the table and writes it to
// bench/results.md (BENCH_SIZE=smoke runs tiny sizes and writes to BENCH_OUT only, if set).
// BENCH_ONLY=1,3 runs some sections (for working on one).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalCognito } from "../shared/local-cognito/local-cognito.js";
import { SEED_USERS } from "../shared/local-cognito/seed-users.js";
import { benchUsers } from "./bench-users.js";
import { concurrency } from "./concurrency.js";
import { desktopStart } from "./desktop-start.js";
import { floodSection } from "./flood.js";
import { srpCost } from "./srp-cost.js";
import { flowOverhead } from "./flow-overhead.js";
import { guardThroughput } from "./guard-throughput.js";
import { pinLoadGenerator } from "./cores.js";
import { loadLine, machineInfo } from "./machine.js";
import { memory } from "./memory.js";
import { benchSizes } from "./sizes.js";
import { renderSection, type Section } from "./table.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const sizes = benchSizes();
const only = new Set((process.env.BENCH_ONLY || "1,2,3,4,5,6,7").split(",").map((part) => part.trim()));
const here = path.dirname(fileURLToPath(import.meta.url));
const outFile = process.env.BENCH_OUT ?? (sizes.name === "full" && only.size === 7 ? path.join(here, "results.md") : undefined);

const pinning = pinLoadGenerator();
const startedAt = new Date();
const loadBefore = loadLine();
const local = await startLocalCognito({ print: false, users: [...SEED_USERS, ...benchUsers(sizes.concurrentFlows)] });
const sections: Section[] = [];
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
try {
  const plan: Array<[string, () => Promise<Section>]> = [
    ["1", () => flowOverhead(sizes, local)],
    ["2", () => guardThroughput(sizes, local)],
    ["3", () => concurrency(sizes, local)],
    ["4", () => memory(sizes)],
    ["5", () => desktopStart(sizes)],
    ["6", () => floodSection(sizes, local)],
    ["7", () => srpCost(sizes)],
  ];
  for (const [id, run] of plan) {
    if (!only.has(id)) continue;
    log(`section ${id}…`);
    const started = Date.now();
    sections.push(await run());
    log(`section ${id} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await local.stop();
}


/** What the bench changed in the product, so the table is read against the right code. */
const CHANGES = [
  "### What changed because of these measurements",
  "",
  "- `middleware/guard/session-guard.ts`: the session expiry is formatted once per verified token (kept in the cache entry), not per request, and the ID token is verified once per token and cached like the access token, not decoded per request (the guard profile showed the per-request `Date`/ISO formatting as a quarter of the guard's own time).",
  "- The bench's HTTP client is `node:http` with keep-alive, not `fetch` (undici cost ~1 ms CPU per request, charged to the middleware in a one-process measurement).",
  "- The middleware core takes a minimal request shape instead of Web `Request`/`Response` objects (`middleware/core/auth-http.ts`): undici's Request, Headers, Response and Web streams cost more CPU per request than the core's own work. Section 1's overhead over the direct SDK calls fell from ~7 ms to ~4.5 ms per flow.",
  "- `requireAuth()` passes a known session synchronously: no promise, the bearer token sliced from the header instead of a regular expression over ~1,000 characters, the token cache keyed by the token's last 32 characters (hashing a fresh 1,000-character header copy was the largest single cost in the guard's profile), claims frozen once per token so the user object per request is a plain copy. `npm run bench:profile -- /require-auth` shows the kit's inclusive share of the request (about 4–5% of CPU samples, next to Express's router and Node's HTTP stack).",
  "- Sign-outs shared through Redis: the first check of a session the instance's copy has not seen is one Redis question however many requests ask at once (single flight); round trips fell from 1.46 to under 0.1 per 1,000 guarded requests.",
  "- The guard section itself: one process for every target (two identical processes differed by up to 10% for their whole life), one Express app per target sharing Express's prototypes (a shared app matched routes in order and charged later routes for earlier ones), floor rows (a pass-through middleware, one that sets `req.user`), an A/A row (two identical routes) that shows the run's noise, and the server's CPU per request beside req/s.",
  "- Section 1 against the direct SDK calls is still above the goal: what remains is the two HTTP round trips a browser flow needs at all (the hand-written Express routes pay the same), see docs/performance.md.",
].join("\n");

const report = [
  `## Benchmark results (${sizes.name} run)`,
  "",
  `Machine: ${machineInfo()}. Run ${startedAt.toISOString()}, ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s. Every figure is a percentile or a ratio from this one run.`,
  "",
  `Machine load: before, ${loadBefore}; after, ${loadLine()}. Cores: ${pinning}.`,
  "",
  ...sections.flatMap((section) => [renderSection(section), ""]),
  CHANGES,
].join("\n");
process.stdout.write(`${report}\n`);
if (outFile) {
  await writeFile(outFile, `${report}\n`);
  log(`written to ${path.relative(process.cwd(), outFile)}`);
}
// The AWS SDK's and undici's idle sockets would keep the process alive for a while.
process.exit(0);
