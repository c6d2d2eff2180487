// `npm run bench:profile -- /require-auth [seconds]`: the guard server of section 2 under load
// with V8's CPU profiler on, then the functions with the most self time. This is how the
// guard's costs were found (docs/performance.md), so the next change is measured, not guessed.
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { startLocalCognito } from "../shared/local-cognito/local-cognito.js";
import { SEED_USERS } from "../shared/local-cognito/seed-users.js";
import { accessTokenFor } from "./access-token.js";
import { startChild } from "./child.js";
import { pinLoadGenerator } from "./cores.js";
import type { GuardedPath, GuardServerConfig, GuardServerInfo } from "./guard-server.js";
import { startRedis } from "./redis-server.js";
import { summariseProfile } from "./profile-summary.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const route = process.argv[2] ?? "/require-auth";
const seconds = Number(process.argv[3] ?? 10);
const dir = path.join(tmpdir(), `cmk-profile-${process.pid}`);

pinLoadGenerator();
const local = await startLocalCognito({ print: false, users: SEED_USERS });
const redis = await startRedis();
try {
  const headers = { authorization: `Bearer ${await accessTokenFor(local)}` };
  const config: GuardServerConfig = { region: local.region, userPoolId: local.userPoolId, ...local.serverClient, endpoint: local.endpoint, redisUrl: redis.url, paths: [route as GuardedPath] };
  const server = await startChild<GuardServerInfo>(process.env.GUARD_SERVER ?? "guard-server.ts", config, { nodeArgs: ["--cpu-prof", "--cpu-prof-dir", dir, ...(process.env.PROFILE_NODE_ARGS ?? "").split(" ").filter(Boolean)] });
  try {
    await autocannon({ url: server.info.base + route, connections: 50, duration: 2, headers }); // warm-up
    const result = await autocannon({ url: server.info.base + route, connections: 50, duration: seconds, headers });
    process.stdout.write(`${route}: ${Math.round(result["2xx"] / result.duration)} req/s (2xx), ${result.non2xx} non-2xx\n`);
  } finally {
    await server.stop();
  }
  // One profile per thread (module loaders run off-thread); the main thread's is the largest.
  const files = (await readdir(dir)).filter((name) => name.endsWith(".cpuprofile"));
  const sizes = await Promise.all(files.map(async (name) => (await stat(path.join(dir, name))).size));
  const file = files[sizes.indexOf(Math.max(...sizes))];
  if (!file) throw new Error(`no profile written in ${dir}`);
  process.stdout.write(summariseProfile(JSON.parse(await readFile(path.join(dir, file), "utf8")), 40));
} finally {
  if (!process.env.KEEP_PROFILE) await rm(dir, { recursive: true, force: true });
  else process.stderr.write(`profile kept in ${dir}\n`);
  await redis.stop();
  await local.stop();
}
process.exit(0);
