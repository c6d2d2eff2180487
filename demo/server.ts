// `npm start`: the demo server with the middleware, on the embedded local Cognito unless
// COGNITO_USER_POOL_ID points at a real pool.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDemoApp } from "./create-demo-app.js";
import { loadDemoSettings } from "./settings.js";
import { SEED_USERS } from "../shared/local-cognito/seed-users.js";

// The SDK warns that its 2027 releases need Node 22; the lockfile pins a release that does not.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

let settings: Awaited<ReturnType<typeof loadDemoSettings>>;
try {
  settings = await loadDemoSettings();
} catch (error) {
  console.error(`cognito-mfa-kit demo: ${(error as Error).message}`);
  process.exit(1);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const builtPage = path.resolve(here, "../dist/demo-web");
const { app, auth } = createDemoApp({
  auth: {
    cognito: settings.cognito,
    trustProxy: settings.trustProxy,
    authFlow: settings.authFlow,
    secrets: settings.secrets,
    ...(settings.redis ? { redis: settings.redis } : {}),
    ...(settings.challengeTtlMs ? { challengeTtlMs: settings.challengeTtlMs } : {}),
  },
  ...(existsSync(path.join(builtPage, "index.html")) ? { staticDir: builtPage } : {}),
});

const server = app.listen(settings.port, settings.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  if (settings.local) {
    console.log("Seeded users (codes are printed here):");
    for (const user of SEED_USERS) console.log(`  ${user.username.padEnd(25)} ${user.password.padEnd(23)} ${user.description}`);
  }
  const loopback = ["127.0.0.1", "::1", "localhost"].includes(settings.host);
  console.log(`Listening on http://${loopback ? "localhost" : settings.host}:${port}`);
});

const shutdown = async () => {
  server.close();
  server.closeAllConnections();
  await auth.core.close();
  await settings.local?.stop();
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
