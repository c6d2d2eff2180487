// One instance of the demo server for the concurrency benchmark, in its own process.
import { Cluster } from "ioredis";
import type { AuthOptions } from "../middleware/core/options.js";
import { createDemoApp } from "../demo/create-demo-app.js";
import { createConsoleLogger } from "../shared/runtime/logger.js";
import { announceReady, childConfig } from "./child.js";
import { GENEROUS_LIMITS } from "./generous-limits.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// Errors only (with their cause), on stderr: a failed flow in the table must be explainable.
const config = childConfig<{ cognito: AuthOptions["cognito"]; redis?: string; redisCluster?: Array<{ host: string; port: number }> }>();
// A Redis Cluster client as docs/redis.md suggests (the host's own client: the kit never closes it).
const cluster = config.redisCluster
  ? new Cluster(config.redisCluster, { enableOfflineQueue: false, redisOptions: { connectTimeout: 2000, commandTimeout: 2000, maxRetriesPerRequest: 1 } })
  : undefined;
cluster?.on("error", () => {});
const redis = cluster ?? config.redis;
const { app, auth } = createDemoApp({ auth: { cognito: config.cognito, limits: GENEROUS_LIMITS, logger: createConsoleLogger("error"), ...(redis ? { redis } : {}) } });
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  announceReady({ base: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` });
});
// Longer than the bench client keeps a socket idle between a flow's sign-in and its confirm
// (~10 s on the local Cognito's queue): with Node's 5 s default the server closed sockets just
// as the keep-alive client reused them ("socket hang up"), the race any keep-alive client hits
// near the server's timeout. Servers behind a load balancer raise it the same way.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => void auth.core.close().finally(() => {
    cluster?.disconnect();
    process.exit(0);
  }));
});
