import { cpus, loadavg, totalmem, release, type } from "node:os";

/** The machine line printed with the table: figures only compare within one run on one machine. */
export function machineInfo(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? "unknown CPU";
  const memory = `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`;
  return `${model}, ${list.length} cores, ${memory} memory, ${type()} ${release()}, Node ${process.version}`;
}

/** Other work on the machine skews every figure; the table says how busy it was. */
export function loadLine(): string {
  const [one, five] = loadavg();
  return `load average ${one!.toFixed(2)} (1 min) / ${five!.toFixed(2)} (5 min) on ${cpus().length} cores`;
}
