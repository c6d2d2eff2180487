import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The parts of a V8 `.cpuprofile` the summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time per function (and, summed, per file), as shares of the samples that were not idle,
 * and the kit's inclusive share (`inKit`): the table a profile is read from.
 */
export function summariseProfile(profile: CpuProfile, top: number): string {
  const { busy, kitUs, perFunction, perFile, kitPerFunction } = selfTimes(profile);
  const lines = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${key}`);
  return [`busy: ${(busy / 1000).toFixed(0)} ms of samples`, `in the kit's code (inclusive): ${((100 * kitUs) / busy).toFixed(1)}%`, "", "self time by function:", ...lines(perFunction), "", "in the kit (inclusive), by function:", ...lines(kitPerFunction), "", "self time by file:", ...lines(perFile), ""].join("\n");
}

/** Self time in microseconds: busy (not idle) in all, per function, per file, and the kit's inclusive. */
export function selfTimes(profile: CpuProfile): { busy: number; kitUs: number; perFunction: Map<string, number>; perFile: Map<string, number>; kitPerFunction: Map<string, number> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const perFunction = new Map<string, number>();
  const perFile = new Map<string, number>();
  const kitPerFunction = new Map<string, number>();
  let busy = 0;
  let kitUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    busy += us;
    const file = shortUrl(url);
    const key = `${functionName || "(anonymous)"}  ${file}:${lineNumber + 1}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + us);
    perFile.set(file, (perFile.get(file) ?? 0) + us);
    if (inKit(id, byId, parentOf)) {
      kitUs += us;
      kitPerFunction.set(key, (kitPerFunction.get(key) ?? 0) + us);
    }
  }
  return { busy, kitUs, perFunction, perFile, kitPerFunction };
}

/**
 * Whether a sample counts as the kit's (inclusive): its nearest frame that is the kit's own code
 * or the host's (Express, its router, the bench's handler) is the kit's. So what the kit calls
 * (Map lookups, allocations, libraries) counts, and the app's route behind the guard's next()
 * does not.
 */
function inKit(id: number, byId: Map<number, CpuProfile["nodes"][number]>, parentOf: Map<number, number>): boolean {
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const file = shortUrl(byId.get(at)!.callFrame.url);
    if (/^(middleware|shared)\//.test(file)) return true;
    if (/^(express|router|bench)\//.test(file)) return false;
  }
  return false;
}

/** The repository's root as profile URLs spell it. */
const ROOT = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")).href + "/";

/** A frame's file: `pkg/…` inside node_modules, `middleware/…` etc. inside this repository. */
function shortUrl(url: string): string {
  if (!url) return "(native)";
  const inModules = url.lastIndexOf("node_modules/");
  if (inModules >= 0) return url.slice(inModules + "node_modules/".length);
  return url.startsWith(ROOT) ? url.slice(ROOT.length) : url;
}
