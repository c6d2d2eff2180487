// `npm run bench:profile-flow -- [flows] [rows] [ms per Cognito call]`: section 1's sign-in +
// SMS code flow, the middleware and the hand-written routes each under V8's CPU profiler (in this process, on the stand-in
// Cognito), then where the middleware's extra CPU per flow goes, by file and by function.
// This is how section 1's costs are found (docs/performance.md), so a change is measured.
import { Session } from "node:inspector/promises";
import { startFlowServers } from "./flow-servers.js";
import { httpSignInWithCode } from "./http-flow.js";
import { selfTimes, type CpuProfile } from "./profile-summary.js";
import { startStandInCognito } from "./stand-in-cognito.js";
import { percentile } from "./stats.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const flows = Number(process.argv[2] ?? 1000);
const top = Number(process.argv[3] ?? 30);
// Section 1 runs with 20 ms per Cognito call: between calls the caches go cold, which a 0 ms stand-in hides.
const latencyMs = Number(process.argv[4] ?? 0);

const standIn = await startStandInCognito(latencyMs);
const servers = await startFlowServers(standIn);
const flow = (base: string) => () => httpSignInWithCode({ signInBase: base, username: "bench@example.com", password: "Bench-Passw0rd!", code: async () => "123456" });

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 50 });
try {
  const paths = { middleware: flow(servers.middlewareBase), handWritten: flow(servers.handWrittenBase) };
  for (let i = 0; i < 200; i++) for (const run of Object.values(paths)) await run(); // warm-up
  // First without the profiler (it inflates what it samples): CPU per flow in alternating
  // rounds, the difference taken within each round, the median over rounds.
  const differences: number[] = [];
  for (let round = 0; round < 20; round++) {
    const cpu = { middleware: 0, handWritten: 0 };
    for (const name of (round % 2 ? ["handWritten", "middleware"] : ["middleware", "handWritten"]) as Array<keyof typeof paths>) {
      const start = process.cpuUsage();
      for (let i = 0; i < flows / 20; i++) await paths[name]();
      const used = process.cpuUsage(start);
      cpu[name] = (used.user + used.system) / (flows / 20) / 1000;
    }
    differences.push(cpu.middleware - cpu.handWritten);
  }
  process.stdout.write(`unprofiled, CPU per flow middleware − hand-written (median of 20 rounds): ${percentile(differences, 50).toFixed(3)} ms (quartiles ${percentile(differences, 25).toFixed(3)} / ${percentile(differences, 75).toFixed(3)})\n\n`);
  const profiles: Record<keyof typeof paths, CpuProfile> = {} as never;
  for (const [name, run] of Object.entries(paths) as Array<[keyof typeof paths, () => Promise<void>]>) {
    await session.post("Profiler.start");
    for (let i = 0; i < flows; i++) await run();
    profiles[name] = (await session.post("Profiler.stop")).profile as unknown as CpuProfile;
  }
  const mw = selfTimes(profiles.middleware);
  const hw = selfTimes(profiles.handWritten);
  const perFlow = (us: number) => (us / flows / 1000).toFixed(3).padStart(7);
  const diff = (a: Map<string, number>, b: Map<string, number>) =>
    [...new Set([...a.keys(), ...b.keys()])]
      .map((key) => [key, (a.get(key) ?? 0) - (b.get(key) ?? 0), a.get(key) ?? 0, b.get(key) ?? 0] as const)
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(([key, extra, ours, theirs]) => `${perFlow(extra)} ms  (${perFlow(ours)} / ${perFlow(theirs)})  ${key}`);
  process.stdout.write(
    [
      `${flows} flows each on the stand-in (${latencyMs} ms per call); CPU per flow from the profiles' busy samples:`,
      `  middleware ${perFlow(mw.busy)} ms, hand-written ${perFlow(hw.busy)} ms, extra ${perFlow(mw.busy - hw.busy)} ms`,
      "",
      "extra per flow by file (middleware / hand-written in brackets):",
      ...diff(mw.perFile, hw.perFile),
      "",
      "extra per flow by function:",
      ...diff(mw.perFunction, hw.perFunction),
      "",
    ].join("\n"),
  );
} finally {
  session.disconnect();
  await servers.close();
  await standIn.stop();
}
process.exit(0);
