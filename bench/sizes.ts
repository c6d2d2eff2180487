/** How big each section runs: `full` for `npm run bench`, `smoke` (BENCH_SIZE=smoke) for the test. */
export interface BenchSizes {
  name: "full" | "smoke";
  /** Sequential flows per path against the stand-in endpoint, and against the local Cognito. */
  flowsStandIn: number;
  flowsLocal: number;
  /** Fixed latency of the stand-in Cognito per call. */
  standInLatencyMs: number;
  /** autocannon: rounds (each target once per round, order rotating), seconds per target per round, connections. */
  guardRounds: number;
  guardSeconds: number;
  guardWarmUpSeconds: number;
  guardConnections: number;
  /** Concurrent sign-in + code flows per setup. */
  concurrentFlows: number;
  /** Open challenges in the memory measurement. */
  challenges: number;
  /** Restores from the keychain. */
  desktopRestores: number;
  /** Requests with made-up tokens per flood. */
  floodRequests: number;
  /** SRP sign-ins per client in the CPU comparison. */
  srpSignIns: number;
}

const SIZES: Record<BenchSizes["name"], BenchSizes> = {
  full: { name: "full", flowsStandIn: 200, flowsLocal: 60, standInLatencyMs: 20, guardRounds: 30, guardSeconds: 2, guardWarmUpSeconds: 2, guardConnections: 50, concurrentFlows: 200, challenges: 10_000, desktopRestores: 20, floodRequests: 3000, srpSignIns: 200 },
  smoke: { name: "smoke", flowsStandIn: 5, flowsLocal: 3, standInLatencyMs: 20, guardRounds: 2, guardSeconds: 0.5, guardWarmUpSeconds: 0.25, guardConnections: 5, concurrentFlows: 10, challenges: 200, desktopRestores: 2, floodRequests: 100, srpSignIns: 5 },
};

export function benchSizes(value = process.env.BENCH_SIZE): BenchSizes {
  if (value === undefined || value === "" || value === "full") return SIZES.full;
  if (value === "smoke") return SIZES.smoke;
  throw new Error(`BENCH_SIZE must be "full" or "smoke", got "${value}"`);
}
