/** The parts of a V8 `.cpuprofile` the summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time per function (and, summed, per file), as shares of the samples that were not idle:
 * the table a profile is read from.
 */
export function summariseProfile(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const perFunction = new Map<string, number>();
  const perFile = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    busy += us;
    const file = shortUrl(url);
    const key = `${functionName || "(anonymous)"}  ${file}:${lineNumber + 1}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + us);
    perFile.set(file, (perFile.get(file) ?? 0) + us);
  }
  // Inclusive: samples whose nearest frame of the kit's own code or of the host (Express, its
  // router, the bench's handler) is the kit's: what the kit runs, Map lookups, allocations and
  // libraries included, but not the app's route, which the guard's next() calls.
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inKit = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const { url } = byId.get(at)!.callFrame;
      if (/\/(middleware|shared)\//.test(url)) return true;
      if (/node_modules\/(express|router)\/|\/bench\//.test(url)) return false;
    }
    return false;
  };
  let kitUs = 0;
  const kitPerFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)" || functionName === "(program)" || !inKit(id)) continue;
    kitUs += us;
    const key = `${functionName || "(anonymous)"}  ${shortUrl(url)}:${lineNumber + 1}`;
    kitPerFunction.set(key, (kitPerFunction.get(key) ?? 0) + us);
  }
  const lines = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${key}`);
  return [`busy: ${(busy / 1000).toFixed(0)} ms of samples`, `in the kit's code (inclusive): ${((100 * kitUs) / busy).toFixed(1)}%`, "", "self time by function:", ...lines(perFunction), "", "in the kit (inclusive), by function:", ...lines(kitPerFunction), "", "self time by file:", ...lines(perFile), ""].join("\n");
}

function shortUrl(url: string): string {
  if (!url) return "(native)";
  const inModules = url.lastIndexOf("node_modules/");
  if (inModules >= 0) return url.slice(inModules + "node_modules/".length);
  const repo = url.indexOf("/bench/") >= 0 ? url.slice(url.indexOf("/bench/") - 0) : url;
  return repo.replace(/^file:\/\/.*?\/(middleware|shared|bench)\//, "$1/");
}
