import autocannon from "autocannon";
import { writeFileSync } from "node:fs";
import { accessTokenFor } from "./access-token.js";
import type { LocalCognito } from "../shared/local-cognito/local-cognito.js";
import { Redis } from "ioredis";
import { startChild } from "./child.js";
import { startRedis } from "./redis-server.js";
import { scriptCalls } from "../testing/support/redis-server.js";
import type { GuardServerConfig, GuardServerInfo } from "./guard-server.js";
import type { BenchSizes } from "./sizes.js";
import { fmt, percentile, processCpuNs } from "./stats.js";
import type { Row, Section } from "./table.js";

const TARGETS = [
  { path: "/no-auth", label: "no auth" },
  { path: "/no-auth-again", label: "no auth, a second identical route (A/A: this run's noise)" },
  { path: "/pass-through", label: "a middleware that only calls `next()` (the floor for any guard)" },
  { path: "/set-user", label: "a middleware that sets `req.user` and calls `next()`" },
  { path: "/require-auth", label: "`auth.requireAuth()`" },
  { path: "/require-auth-redis", label: "`auth.requireAuth()`, sign-outs shared through Redis (2 instances)" },
  { path: "/aws-jwt-verify", label: "aws-jwt-verify per request" },
  { path: "/express-jwt", label: "express-jwt + jwks-rsa" },
] as const;
type Path = (typeof TARGETS)[number]["path"];
/** The routes with no guard: the baseline and the floors. */
const OPEN_PATHS = new Set<Path>(["/no-auth", "/no-auth-again", "/pass-through", "/set-user"]);

interface Tally {
  /** req/s (2xx) per round. */
  rates: number[];
  /** Server CPU (all threads) per 2xx answer, µs, per round. */
  cpuUs: number[];
  failures: number;
  p50: number[];
  p99: number[];
}

/**
 * 2. Requests per second on one Express route behind each guard: one server process, same
 * real access token from the local Cognito, autocannon in this process. Many short rounds with
 * the order rotating, and each ratio taken within a round, so load from anything else on the
 * machine hits the targets alike.
 */
export async function guardThroughput(sizes: BenchSizes, local: LocalCognito): Promise<Section> {
  const token = await accessTokenFor(local);
  const redis = await startRedis();
  const config: GuardServerConfig = { region: local.region, userPoolId: local.userPoolId, ...local.serverClient, endpoint: local.endpoint, redisUrl: redis.url, paths: TARGETS.map((target) => target.path) };
  const admin = new Redis(redis.url);
  let redisCalls = 0;
  let redisRequests = 0;
  const headers = { authorization: `Bearer ${token}` };
  const tallies = new Map<Path, Tally>(TARGETS.map((target) => [target.path, { rates: [], cpuUs: [], failures: 0, p50: [], p99: [] }]));
  const load = (url: string, duration: number) => autocannon({ url, connections: sizes.guardConnections, duration, headers });
  const server = await startChild<GuardServerInfo>("guard-server.ts", config);
  const urlOf = (path: Path) => server.info.base + path;
  try {
    for (const target of TARGETS) await assertGuards(urlOf(target.path), target.path, headers);
    // Warm-up: JIT, JWKS fetches, the guard's cache.
    for (const target of TARGETS) await load(urlOf(target.path), sizes.guardWarmUpSeconds);
    for (let round = 0; round < sizes.guardRounds; round++) {
      const rotated = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]!);
      for (const target of round % 2 ? rotated.reverse() : rotated) {
        const before = target.path === "/require-auth-redis" ? await scriptCalls(admin) : 0;
        const cpuBefore = processCpuNs(server.process.pid!);
        const result = await load(urlOf(target.path), sizes.guardSeconds);
        const cpuAfter = processCpuNs(server.process.pid!);
        if (target.path === "/require-auth-redis") {
          redisCalls += (await scriptCalls(admin)) - before;
          redisRequests += result.requests.total;
        }
        const tally = tallies.get(target.path)!;
        tally.rates.push(result["2xx"] / result.duration);
        if (cpuBefore !== undefined && cpuAfter !== undefined && result["2xx"] > 0) tally.cpuUs.push((cpuAfter - cpuBefore) / 1000 / result["2xx"]);
        tally.failures += result.non2xx + result.errors + result.timeouts;
        tally.p50.push(result.latency.p50);
        tally.p99.push(result.latency.p99);
      }
    }
  } finally {
    await server.stop();
    admin.disconnect();
    await redis.stop();
  }

  // Every round's figures, for a closer look at the spread (`BENCH_GUARD_ROUNDS=file.json`).
  if (process.env.BENCH_GUARD_ROUNDS) writeFileSync(process.env.BENCH_GUARD_ROUNDS, JSON.stringify(Object.fromEntries(tallies), null, 1));
  /** The median over rounds of a per-round ratio. */
  const ratio = (a: Path, b: Path) => percentile(tallies.get(a)!.rates.map((rate, round) => rate / tallies.get(b)!.rates[round]!), 50);
  /** No auth's server CPU per request ÷ this target's (what req/s would be at equal CPU), median over rounds. */
  const cpuRatio = (a: Path) => percentile(tallies.get(a)!.cpuUs.map((us, round) => tallies.get("/no-auth")!.cpuUs[round]! / us), 50);
  const rows: Row[] = [];
  for (const target of TARGETS) {
    const tally = tallies.get(target.path)!;
    const cpu = tally.cpuUs.length ? `, ${fmt.int(percentile(tally.cpuUs, 50))} µs CPU/req (${fmt.ratio(cpuRatio(target.path))})` : "";
    const row: Row = {
      metric: `${target.label}: req/s (p50 of rounds), ÷ no auth, server CPU per request (no auth's ÷ this), latency p50 / p99`,
      value: `${fmt.int(percentile(tally.rates, 50))}, ${fmt.ratio(ratio(target.path, "/no-auth"))}${cpu}, ${percentile(tally.p50, 50)} / ${percentile(tally.p99, 50)} ms${tally.failures ? `, ${tally.failures} failed` : ""}`,
    };
    if (target.path === "/require-auth") Object.assign(row, { goal: "≥ 0.970 of no auth", met: ratio(target.path, "/no-auth") >= 0.97 && tally.failures === 0 });
    if (target.path === "/require-auth-redis") Object.assign(row, { goal: "≥ 0.950 of no auth", met: ratio(target.path, "/no-auth") >= 0.95 && tally.failures === 0 });
    rows.push(row);
  }
  const perThousand = redisRequests ? (1000 * redisCalls) / redisRequests : 0;
  rows.push({ metric: "Redis round trips per 1,000 guarded requests (sign-outs shared through Redis)", value: fmt.ratio(perThousand), goal: "< 1 (local revocation cache)", met: perThousand < 1 });
  for (const alternative of ["/aws-jwt-verify", "/express-jwt"] as const) {
    const label = TARGETS.find((target) => target.path === alternative)!.label;
    const ahead = ratio("/require-auth", alternative);
    rows.push({ metric: `\`requireAuth()\` ÷ ${label}`, value: `${fmt.ratio(ahead)}×`, goal: "> 1 (ahead)", met: ahead > 1 });
  }
  return {
    title: "2. Guard throughput (protected Express route)",
    rows,
    notes: [
      `autocannon, ${sizes.guardConnections} connections; ${sizes.guardRounds} rounds of ${sizes.guardSeconds} s per target (order rotating, every other round reversed) after a ${sizes.guardWarmUpSeconds} s warm-up each. req/s counts 2xx answers; ratios are taken within a round, and the table shows the median over rounds (latency: median of the rounds' p50 and p99).`,
      "Server: one process pinned to the server core (two identical processes can differ by several per cent for their whole life, so separate processes would measure their luck); in it one Express 5 app per target with one route (no route pays for matching another's), the apps sharing Express's request and response prototypes so Express's code sees one shape of req, as in a real app; a plain `http` server hands each request to its target's app. The A/A row is a second route with no guard: the noise between two identical targets; the same JSON handler behind each guard; the token is a real RS256 access token from the local Cognito, sent as `Authorization: Bearer` to every route.",
      "aws-jwt-verify: `CognitoJwtVerifier.verify()` on every request (JWKS cached). express-jwt 8 + jwks-rsa 4: `jwksUri` at the local Cognito's JWKS, `issuer` the AWS-style issuer, RS256; it does not check `token_use` or `client_id`.",
      "`requireAuth()` verifies a token once with aws-jwt-verify and then serves it from a cache, still checking expiry and sign-out at every use.",
      "With Redis: two middleware instances in the server share one redis-server; sign-outs reach each instance's local copy over pub/sub (docs/redis.md), so the check at every use is local. Round trips are Redis script calls (INFO commandstats) during that row's rounds.",
    ],
  };
}

/** Each guard lets the token through and, except the open route, turns a request without one away. */
async function assertGuards(url: string, path: Path, headers: Record<string, string>): Promise<void> {
  const withToken = await fetch(url, { headers });
  if (withToken.status !== 200) throw new Error(`${path} refused the token: ${withToken.status} ${await withToken.text()}`);
  const without = await fetch(url);
  await without.arrayBuffer();
  if (!OPEN_PATHS.has(path) && without.status !== 401) throw new Error(`${path} let a request without a token through (${without.status})`);
}
