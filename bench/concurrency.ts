import type { LocalCognito } from "../shared/local-cognito/local-cognito.js";
import { benchUsername } from "./bench-users.js";
import { startChild, type Child } from "./child.js";
import { httpSignInWithCode } from "./http-flow.js";
import { startRedis } from "./redis-server.js";
import { redisClusterSkipReason, startRedisCluster } from "../testing/support/redis-cluster.js";
import { startStandInCognito } from "./stand-in-cognito.js";
import type { BenchSizes } from "./sizes.js";
import { fmt, summary, timed } from "./stats.js";
import type { Row, Section } from "./table.js";

type Instance = Child<{ base: string }>;

/**
 * 3. N sign-in + code flows started at the same moment against the demo server on the local
 * Cognito: one instance with the memory store, then two instances sharing one Redis with each
 * flow's two requests sent to different instances.
 */
export async function concurrency(sizes: BenchSizes, local: LocalCognito): Promise<Section> {
  // cognito-local writes a JSON file per call: under 200 sign-ins at once it takes seconds to
  // answer, far past the middleware's 5 s default, so the bench waits longer for it.
  const cognito = { region: local.region, userPoolId: local.userPoolId, ...local.serverClient, endpoint: local.endpoint, timeoutMs: LOCAL_TIMEOUT_MS };
  const rows: Row[] = [];
  const failures: string[] = [];

  // The same wave against the stand-in (fixed 20 ms per call): the middleware's own behaviour.
  const standIn = await startStandInCognito(sizes.standInLatencyMs);
  const fast = await startChild<{ base: string }>("demo-instance.ts", { cognito: { region: standIn.region, userPoolId: standIn.userPoolId, clientId: standIn.clientId, clientSecret: standIn.clientSecret, endpoint: standIn.endpoint } });
  try {
    rows.push(...(await wave(`1 instance on the stand-in (${sizes.standInLatencyMs} ms per call)`, [fast], sizes.concurrentFlows, async () => "123456", failures)));
  } finally {
    await fast.stop();
    await standIn.stop();
  }

  const single = await startChild<{ base: string }>("demo-instance.ts", { cognito });
  try {
    rows.push(...(await wave("1 instance, memory store", [single], sizes.concurrentFlows, (username) => local.codes.nextCode(username), failures)));
  } finally {
    await single.stop();
  }

  const redis = await startRedis();
  const pair: Instance[] = [];
  try {
    for (let i = 0; i < 2; i++) pair.push(await startChild<{ base: string }>("demo-instance.ts", { cognito, redis: redis.url }));
    rows.push(...(await wave("2 instances, one Redis", pair, sizes.concurrentFlows, (username) => local.codes.nextCode(username), failures)));
  } finally {
    for (const instance of pair) await instance.stop();
    await redis.stop();
  }
  const clusterSkip = redisClusterSkipReason();
  if (clusterSkip) rows.push({ metric: "2 instances, 3-node Redis Cluster", value: `not run: ${clusterSkip}` });
  else {
    const cluster = await startRedisCluster();
    const onCluster: Instance[] = [];
    try {
      for (let i = 0; i < 2; i++) onCluster.push(await startChild<{ base: string }>("demo-instance.ts", { cognito, redisCluster: cluster.nodes }));
      rows.push(...(await wave("2 instances, 3-node Redis Cluster", onCluster, sizes.concurrentFlows, (username) => local.codes.nextCode(username), failures)));
    } finally {
      for (const instance of onCluster) await instance.stop();
      await cluster.stop();
    }
  }
  return {
    title: `3. Concurrency (${sizes.concurrentFlows} concurrent sign-in + SMS code flows, demo server)`,
    rows,
    notes: [
      `All ${sizes.concurrentFlows} flows start together (one user each; Cognito keeps one open code per user); a flow's latency is sign-in + reading the code + confirm. Client and local Cognito share the bench process; each demo instance has its own process.`,
      "With two instances every flow signs in on one and confirms on the other (alternating), so the challenge, the limits and sign-out state must come from Redis (`redis-server --save '' --appendonly no` on loopback, started and stopped by the bench).",
      "The Cluster wave: three `redis-server --cluster-enabled yes` masters on loopback (no replicas, `testing/support/redis-cluster.ts`), each instance with its own ioredis `Cluster` client.",
      "The first wave runs against the stand-in Cognito of section 1 (20 ms per call, answers in parallel): that is the middleware's own latency under concurrency. The other two run on the local Cognito, whose JSON-file store serialises every call: its queue is most of their latency, so they show that nothing fails or mixes up under concurrency, not Cognito's speed. For them the middleware's Cognito timeout (`cognito.timeoutMs`, default 5 s) is raised to 30 s.",
      "Limits raised for the bench as in section 1; demo instances log errors only.",
      ...(failures.length ? [`Errors seen: ${[...new Set(failures)].slice(0, 5).join("; ")}`] : []),
    ],
  };
}

const LOCAL_TIMEOUT_MS = 30_000;

async function wave(label: string, instances: Instance[], flows: number, codeFor: (username: string) => Promise<string>, failures: string[]): Promise<Row[]> {
  const bases = instances.map((instance) => instance.info.base);
  const latencies: number[] = [];
  let errors = 0;
  const { ms: wallMs } = await timed(() =>
    Promise.all(
      Array.from({ length: flows }, async (_, index) => {
        const username = benchUsername(index);
        try {
          const { ms } = await timed(() =>
            httpSignInWithCode({
              signInBase: bases[index % bases.length]!,
              confirmBase: bases[(index + 1) % bases.length]!,
              username,
              password: "Bench-Passw0rd!",
              code: () => codeFor(username),
            }),
          );
          latencies.push(ms);
        } catch (error) {
          errors += 1;
          failures.push((error as Error).message.slice(0, 200));
        }
      }),
    ),
  );
  const stats = summary(latencies);
  return [
    { metric: `${label}: flow latency p50 / p95 / p99`, value: `${fmt.ms(stats.p50)} / ${fmt.ms(stats.p95)} / ${fmt.ms(stats.p99)}` },
    { metric: `${label}: errors`, value: `${errors} of ${flows} (${fmt.pct(errors / flows)}); all done in ${fmt.ms(wallMs)}`, goal: "0", met: errors === 0 },
  ];
}
