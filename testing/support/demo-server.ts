// The demo app in this process, on 127.0.0.1 and a free port, with a quiet local Cognito: what
// `npm start` runs, but with the knobs a browser test needs (short lifetimes, limits).
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AuthOptions } from "../../middleware/core/options.js";
import { createDemoApp } from "../../demo/create-demo-app.js";
import { silentLogger } from "../../shared/runtime/logger.js";
import { startLocalCognito, type LocalCognito, type LocalCognitoOptions } from "../../shared/local-cognito/local-cognito.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const webDir = path.join(root, "demo/web");
const builtDir = path.join(root, "dist/demo-web");

export interface DemoServer {
  /** http://localhost:PORT: Chromium sends Secure cookies to localhost over http. */
  url: string;
  local: LocalCognito;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  cognito?: LocalCognitoOptions;
  /** Middleware options on top of the local pool (limits, challengeTtlMs, …). */
  auth?: Omit<Partial<AuthOptions>, "cognito">;
}

// Tests sign in many times from one IP and account: the default limits would trip.
const ROOMY_LIMITS: AuthOptions["limits"] = {
  signInsPerIp: { points: 1000, durationSeconds: 60 },
  codesSentPerAccount: { points: 1000, durationSeconds: 3600 },
  wrongCodesPerAccount: { points: 1000, durationSeconds: 900 },
};

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const staticDir = await demoPage();
  const local = await startLocalCognito({ print: false, ...options.cognito });
  const { app, auth } = createDemoApp({
    auth: {
      cognito: { region: local.region, userPoolId: local.userPoolId, clientId: local.serverClient.clientId, clientSecret: local.serverClient.clientSecret, endpoint: local.endpoint },
      logger: silentLogger,
      ...options.auth,
      limits: { ...ROOMY_LIMITS, ...options.auth?.limits },
    },
    staticDir,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    local,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await auth.core.close();
      await local.stop();
    },
  };
}

let page: Promise<string> | undefined;

/**
 * The built page, in a folder of this process: a copy of dist/demo-web when that is newer than
 * the sources and whole, else a fresh Vite build. Serving dist/ itself would break mid-test when
 * someone runs `npm start` (which empties and rebuilds it) in the same checkout.
 */
export function demoPage(): Promise<string> {
  page ??= (async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), "demo-web-"));
    process.once("exit", () => rmSync(outDir, { recursive: true, force: true }));
    const built = path.join(builtDir, "index.html");
    if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(webDir)) {
      cpSync(builtDir, outDir, { recursive: true });
      if (isWhole(outDir)) return outDir;
    }
    const { build } = await import("vite");
    await build({ configFile: path.join(webDir, "vite.config.ts"), logLevel: "warn", build: { outDir, emptyOutDir: true } });
    return outDir;
  })();
  return page;
}

/** Every asset index.html names is there (a copy taken mid-rebuild is not). */
function isWhole(dir: string): boolean {
  const html = readFileSync(path.join(dir, "index.html"), "utf8");
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1]!);
  return assets.length > 0 && assets.every((asset) => existsSync(path.join(dir, asset)));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}
