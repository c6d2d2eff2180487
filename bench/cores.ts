import { spawnSync } from "node:child_process";
import { cpus } from "node:os";

/**
 * Core pinning, so a load generator never competes with the server it measures: servers on
 * core 0, this process (the load generator) on the others. Needs `taskset` (util-linux) and at
 * least two cores; otherwise nothing is pinned and the table says so.
 */
const canPin = cpus().length >= 2 && spawnSync("taskset", ["-V"], { stdio: "ignore" }).status === 0;

/** The core servers run on, when pinning is possible. */
export const SERVER_CORE = 0;

/** The command and arguments that start `command` on the server core (unchanged without pinning). */
export function onServerCore(command: string, args: readonly string[]): [string, string[]] {
  return canPin ? ["taskset", ["-c", String(SERVER_CORE), command, ...args]] : [command, [...args]];
}

/** Moves every thread of this process (the load generator) off the server core. */
export function pinLoadGenerator(): string {
  if (!canPin) return "not pinned (taskset or a second core is missing)";
  const others = cpus().map((_, index) => index).filter((index) => index !== SERVER_CORE).join(",");
  const result = spawnSync("taskset", ["-a", "-cp", others, String(process.pid)], { stdio: "ignore" });
  return result.status === 0 ? `servers pinned to core ${SERVER_CORE}, the load generator to core ${others}` : "not pinned (taskset failed)";
}
