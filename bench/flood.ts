import { spawnSync } from "node:child_process";
import type { LocalCognito } from "../shared/local-cognito/local-cognito.js";
import { startChild } from "./child.js";
import type { FloodConfig, FloodResult } from "./flood-child.js";
import { startRedis } from "./redis-server.js";
import type { BenchSizes } from "./sizes.js";
import { fmt } from "./stats.js";
import type { Section } from "./table.js";

/** 6. What made-up tokens cost: heap, Cognito calls and Redis keys after a flood from one IP. */
export async function floodSection(sizes: BenchSizes, local: LocalCognito): Promise<Section> {
  const hasRedis = spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status === 0;
  const redis = hasRedis ? await startRedis() : undefined;
  try {
    const config: FloodConfig = {
      cognito: { region: local.region, userPoolId: local.userPoolId, ...local.serverClient, endpoint: local.endpoint },
      requests: sizes.floodRequests,
      ...(redis ? { redisUrl: redis.url } : {}),
    };
    const child = await startChild<FloodResult>("flood-child.ts", config, { nodeArgs: ["--expose-gc"], timeoutMs: 300_000 });
    await child.exited();
    const r = child.info;
    const n = fmt.int(r.requests);
    return {
      title: `6. Flood (${n} made-up tokens per run, one IP)`,
      rows: [
        {
          metric: `heap after ${n} sign-outs with made-up 10 KB access tokens (memory store), p50 latency`,
          value: `${r.signOutHeapBytes >= 0 ? "+" : ""}${fmt.bytes(r.signOutHeapBytes)}; ${r.revocationEntries} revocation entries; ${fmt.ms(r.signOutP50Ms)}`,
          goal: "flat, nothing stored",
          met: r.revocationEntries === 0 && r.signOutHeapBytes < 5 * 1024 * 1024,
        },
        {
          metric: `${n} refreshes with made-up refresh cookies: Cognito calls`,
          value: `${r.refresh.cognitoCalls} calls; ${fmt.int(r.refresh.refused)} × 401, then ${fmt.int(r.refresh.limited)} × 429`,
          goal: `≤ ${r.refresh.limit} (the per-IP limit)`,
          met: r.refresh.cognitoCalls <= r.refresh.limit,
        },
        r.redis
          ? {
              metric: `Redis keys after ${n} made-up sign-outs`,
              value: `${r.redis.keysBefore} → ${r.redis.keysAfter} (${r.redis.revokedKeys} revocation keys)`,
              goal: "only the IP's counter",
              met: r.redis.revokedKeys === 0 && r.redis.keysAfter - r.redis.keysBefore <= 1,
            }
          : { metric: `Redis keys after ${n} made-up sign-outs`, value: "not measured (no redis-server)" },
      ],
      notes: [
        "A child process with `--expose-gc` runs one instance of the middleware (Node http adapter) on loopback against the local Cognito and floods it from 127.0.0.1, 25 requests at a time; heap measured after forced GCs, before and after.",
        "The sign-out floods lift `limits.badTokensPerIp` so every request reaches the code under test; the refresh flood runs at the default limit (30 per IP per minute), counting every call the middleware makes through its Cognito port.",
      ],
    };
  } finally {
    await redis?.stop();
  }
}
