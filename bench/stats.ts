import { readdirSync, readFileSync } from "node:fs";

/** Percentiles by nearest rank over a sample (ms, bytes, whatever was measured). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summary(values: readonly number[]): { p50: number; p95: number; p99: number; max: number } {
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: percentile(values, 100) };
}

/** Wall time of an async call in milliseconds (high resolution). */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Wall time and this process's CPU time (user + system) of an async call, in milliseconds. */
export async function timedWithCpu(work: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const { ms } = await timed(work);
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

export const fmt = {
  ms: (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`,
  ratio: (value: number) => value.toFixed(3),
  pct: (value: number) => `${(value * 100).toFixed(1)}%`,
  int: (value: number) => Math.round(value).toLocaleString("en-US"),
  bytes: (value: number) => (Math.abs(value) >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MiB` : Math.abs(value) >= 1024 ? `${(value / 1024).toFixed(1)} KiB` : `${Math.round(value)} B`),
};

/**
 * CPU time a process has run so far, all its threads, in nanoseconds (Linux schedstat: time
 * actually on a core, so time stolen by the hypervisor or other processes is not counted).
 * Undefined where /proc has no schedstat.
 */
export function processCpuNs(pid: number): number | undefined {
  let total = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // The thread ended between the listing and the read: its time is lost to both sides alike.
      }
    }
  } catch {
    return undefined;
  }
  return total;
}
