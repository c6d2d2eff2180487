import { startChild } from "./child.js";
import type { MemoryResult } from "./memory-child.js";
import type { BenchSizes } from "./sizes.js";
import { fmt, percentile } from "./stats.js";
import type { Section } from "./table.js";

/** 4. Heap per open challenge in the memory store, and what comes back after they expire. */
export async function memory(sizes: BenchSizes): Promise<Section> {
  const ttlMs = sizes.name === "smoke" ? 1000 : 3000;
  const child = await startChild<MemoryResult>("memory-child.ts", { challenges: sizes.challenges, ttlMs, batches: 10 }, { nodeArgs: ["--expose-gc"], timeoutMs: 120_000 });
  await child.exited();
  const result = child.info;
  const growth = result.openBytes - result.baselineBytes;
  const returned = (result.openBytes - result.afterSweepBytes) / growth;
  return {
    title: `4. Memory (${fmt.int(result.challenges)} open challenges, memory store)`,
    rows: [
      { metric: "heap per open challenge, p50 / max of 10 batches", value: `${fmt.bytes(percentile(result.perChallengeBytes, 50))} / ${fmt.bytes(percentile(result.perChallengeBytes, 100))}` },
      { metric: `heap growth with ${fmt.int(result.challenges)} open`, value: `${fmt.bytes(growth)} (${fmt.ratio(result.openBytes / result.baselineBytes)}× the baseline heap)` },
      {
        metric: "returned after expiry + `sweep()`",
        value: `${fmt.pct(returned)} of the growth; ${result.sizeAfterSweep} challenges left`,
        goal: "memory returns",
        met: result.sizeAfterSweep === 0 && returned >= 0.9,
      },
    ],
    notes: [
      `A child process with \`--expose-gc\` opens the challenges the way POST /sign-in does (the shared flow's outcome for an SMS_MFA answer with a ~900-character Cognito Session, stored under a fresh id), in 10 batches, heap measured after forced GCs.`,
      `Challenge TTL ${ttlMs} ms for the bench (the product default is 180 s); after it passes, \`sweep()\` (which the store also runs every 30 s) drops them, and the heap is measured again.`,
    ],
  };
}
