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
  const lines = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${key}`);
  return [`busy: ${(busy / 1000).toFixed(0)} ms of samples`, "", "self time by function:", ...lines(perFunction), "", "self time by file:", ...lines(perFile), ""].join("\n");
}

function shortUrl(url: string): string {
  if (!url) return "(native)";
  const inModules = url.lastIndexOf("node_modules/");
  if (inModules >= 0) return url.slice(inModules + "node_modules/".length);
  const repo = url.indexOf("/bench/") >= 0 ? url.slice(url.indexOf("/bench/") - 0) : url;
  return repo.replace(/^file:\/\/.*?\/(middleware|shared|bench)\//, "$1/");
}
