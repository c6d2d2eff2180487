// Runs with --expose-gc (see flood.ts): one in-process instance of the middleware on loopback,
// flooded with made-up tokens from one IP; reports what the flood left behind.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { nodeAuth } from "../middleware/adapters/node.js";
import type { AuthOptions } from "../middleware/core/options.js";
import { MemoryRevocationList } from "../middleware/stores/revocation-list.js";
import type { CognitoPort } from "../shared/cognito/cognito-port.js";
import { createSdkCognitoPort } from "../shared/cognito/sdk-cognito-port.js";
import { silentLogger } from "../shared/runtime/logger.js";
import { madeUpAccessToken, madeUpRefreshToken } from "../testing/security/forge-jwt.js";
import { announceReady, childConfig } from "./child.js";

export interface FloodConfig {
  cognito: AuthOptions["cognito"];
  requests: number;
  redisUrl?: string;
}

export interface FloodResult {
  requests: number;
  signOutHeapBytes: number;
  revocationEntries: number;
  signOutP50Ms: number;
  refresh: { cognitoCalls: number; limited: number; refused: number; limit: number };
  redis?: { keysBefore: number; keysAfter: number; revokedKeys: number };
}

const config = childConfig<FloodConfig>();
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const LIFTED = { badTokensPerIp: { points: 10_000_000, durationSeconds: 60 } };
const ACCESS = "__Host-cmk-access";
const REFRESH = "__Host-cmk-refresh";

function heap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

/** Counts every call the middleware makes to Cognito. */
function countingPort(inner: CognitoPort): { port: CognitoPort; calls: () => number } {
  let calls = 0;
  const port = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === "function" ? (...args: unknown[]) => (calls++, (value as (...a: unknown[]) => unknown).apply(target, args)) : value;
    },
  });
  return { port, calls: () => calls };
}

async function withInstance<T>(options: Partial<AuthOptions>, run: (url: string) => Promise<T>): Promise<T> {
  const auth = nodeAuth({ cognito: config.cognito, logger: silentLogger, ...options });
  const server = createServer(auth);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await auth.close();
  }
}

/** One POST with a Cookie header and `{}`; only the status and time are kept. */
function post(url: string, cookie: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent: false, headers: { cookie, "content-type": "application/json", "content-length": "2" } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on("error", reject);
    req.end("{}");
  });
}

async function flood(count: number, one: () => Promise<{ status: number; ms: number }>): Promise<Array<{ status: number; ms: number }>> {
  const results: Array<{ status: number; ms: number }> = [];
  for (let start = 0; start < count; start += 25) results.push(...(await Promise.all(Array.from({ length: Math.min(25, count - start) }, one))));
  return results;
}

const signOut = (url: string) => () => post(`${url}/auth/sign-out`, `${ACCESS}=${madeUpAccessToken(10_000)}`);

// 1. Made-up 10 KB sign-outs, limit lifted: what each request keeps.
const revocations = new MemoryRevocationList();
const { signOutHeapBytes, signOutP50Ms } = await withInstance({ revocationList: revocations, limits: LIFTED }, async (url) => {
  await flood(100, signOut(url)); // warm-up
  const before = heap();
  const times = (await flood(config.requests, signOut(url))).map((result) => result.ms).sort((a, b) => a - b);
  return { signOutHeapBytes: heap() - before, signOutP50Ms: times[Math.floor(times.length / 2)] ?? 0 };
});

// 2. Made-up refresh cookies at the default limit: how many reach Cognito.
const counted = countingPort(createSdkCognitoPort({ ...config.cognito, region: config.cognito.region ?? config.cognito.userPoolId.split("_")[0]!, timeoutMs: 5000 }));
const limit = 30;
const statuses = await withInstance({ cognitoPort: counted.port }, (url) =>
  flood(config.requests, () => post(`${url}/auth/refresh`, `${ACCESS}=${madeUpAccessToken(400)}; ${REFRESH}=${madeUpRefreshToken()}`)),
);
const refresh = { cognitoCalls: counted.calls(), limited: statuses.filter((r) => r.status === 429).length, refused: statuses.filter((r) => r.status === 401).length, limit };

// 3. The sign-out flood on Redis: keys before and after.
let redis: FloodResult["redis"];
if (config.redisUrl) {
  const admin = new Redis(config.redisUrl);
  await admin.flushall();
  const keysBefore = await admin.dbsize();
  await withInstance({ redis: config.redisUrl, limits: LIFTED }, (url) => flood(config.requests, signOut(url)));
  redis = { keysBefore, keysAfter: await admin.dbsize(), revokedKeys: (await admin.keys("cmk:revoked:*")).length };
  admin.disconnect();
}

const result: FloodResult = { requests: config.requests, signOutHeapBytes, revocationEntries: revocations.size, signOutP50Ms, refresh, ...(redis ? { redis } : {}) };
announceReady(result);
process.exit(0);
