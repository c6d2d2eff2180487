import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRedisServer, freePort, waitForPort } from "./redis-server.js";

/** A throwaway 3-master Redis Cluster on loopback, nothing persisted, each node in its own temp dir. */
export interface RedisCluster {
  /** host:port of each node, as ioredis' `new Cluster(nodes)` takes them. */
  nodes: Array<{ host: string; port: number }>;
  /** Stops one node (SIGTERM); the others keep running, the cluster loses that node's slots. */
  stopNode(index: number): Promise<void>;
  /** Starts a stopped node again with its nodes.conf, so it rejoins with its slots. */
  restartNode(index: number): Promise<void>;
  /** Waits until every node reports cluster_state:ok. */
  waitUntilOk(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes the temp dirs. */
  stop(): Promise<void>;
}

/** The redis-cli binary, or undefined when it is not installed. */
export function findRedisCli(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-cli"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

/** Why cluster tests cannot run here, or undefined when they can. */
export function redisClusterSkipReason(): string | undefined {
  if (!findRedisServer()) return "redis-server is not installed (apt-get install -y redis-server)";
  if (!findRedisCli()) return "redis-cli is not installed (apt-get install -y redis-tools)";
  return undefined;
}

export async function startRedisCluster(size = 3): Promise<RedisCluster> {
  const server = findRedisServer();
  const cli = findRedisCli();
  if (!server || !cli) throw new Error(redisClusterSkipReason());
  const nodes: Array<{ port: number; dir: string; child?: ChildProcess }> = [];
  for (let i = 0; i < size; i += 1) nodes.push({ port: await freePort(), dir: await mkdtemp(join(tmpdir(), "cmk-cluster-")) });

  async function startNode(index: number): Promise<void> {
    const node = nodes[index]!;
    const args = ["--port", String(node.port), "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no", "--dir", node.dir];
    node.child = spawn(server!, args, { stdio: "ignore", cwd: node.dir });
    await waitForPort(node.port, 5000);
  }

  async function stopNode(index: number): Promise<void> {
    const node = nodes[index]!;
    const running = node.child;
    node.child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGTERM");
    await exited;
  }

  function clusterInfo(port: number): string {
    return spawnSync(cli!, ["-h", "127.0.0.1", "-p", String(port), "cluster", "info"], { encoding: "utf8", timeout: 2000 }).stdout ?? "";
  }

  async function waitUntilOk(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const live = nodes.filter((node) => node.child);
      if (live.every((node) => clusterInfo(node.port).includes("cluster_state:ok"))) return;
      if (Date.now() > deadline) throw new Error(`Redis Cluster not ok within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function stop(): Promise<void> {
    await Promise.all(nodes.map((_, index) => stopNode(index)));
    await Promise.all(nodes.map((node) => rm(node.dir, { recursive: true, force: true })));
  }

  try {
    await Promise.all(nodes.map((_, index) => startNode(index)));
    const created = spawnSync(cli, ["--cluster", "create", ...nodes.map((node) => `127.0.0.1:${node.port}`), "--cluster-replicas", "0", "--cluster-yes"], { encoding: "utf8", timeout: 20_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await waitUntilOk();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes: nodes.map((node) => ({ host: "127.0.0.1", port: node.port })),
    stopNode,
    restartNode: startNode,
    waitUntilOk,
    stop,
  };
}
