// The adopter test (issue 11): the package as an app gets it. `npm pack` the repo (prepack
// builds it), install the tarball into an empty app from the registry with Express, Koa and
// cognito-local, then use it the way the README says: import and require each entry point,
// type-check strict TS apps against it, run `npx cognito-mfa-kit local-cognito`, mount
// expressAuth on it over real HTTP and sign in with the SMS code it prints. Skipped, with the
// reason, only when the npm registry cannot be reached.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, test, type TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { cookieHeaderFrom } from "../../testing/support/cookie-header.js";
import { EXPRESS_SERVER, IMPORT_ENTRIES, MISSING_PEERS, REQUIRE_ENTRIES, TYPED_APP, TYPED_FRAMEWORK_APP, tsconfig } from "./adopter-app.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const scratch = mkdtempSync(path.join(tmpdir(), "cmk-adopter-"));
const app = path.join(scratch, "app");
const npmFlags = ["--prefer-offline", "--no-audit", "--no-fund"];
// What must never reach a server app: the desktop app's, the build's and the tests' modules.
const NEVER_INSTALLED = ["electron", "@github/keytar", "keytar", "vite", "playwright-core", "playwright", "electron-builder", "electron-vite", "typescript", "tsx", "aws-sdk-client-mock", "ioredis"];

interface PackedFile { path: string; size: number }
let packed: { filename: string; size: number; unpackedSize: number; entryCount: number; files: PackedFile[] };
let skipReason: string | undefined;
const running: ChildProcess[] = [];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 300_000 });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", log: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

function mustRun(label: string, command: string, args: string[], cwd: string): string {
  const result = run(command, args, cwd);
  assert.equal(result.status, 0, `${label} failed (exit ${result.status}):\n${result.log.slice(-4000)}`);
  return result.stdout;
}

/** Package names installed anywhere under a node_modules folder. */
function installedPackages(dir: string, found = new Set<string>()): Set<string> {
  const modules = path.join(dir, "node_modules");
  if (!existsSync(modules)) return found;
  for (const name of readdirSync(modules)) {
    if (name.startsWith(".")) continue;
    const names = name.startsWith("@") ? readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`) : [name];
    for (const pkg of names) {
      found.add(pkg);
      installedPackages(path.join(modules, pkg), found);
    }
  }
  return found;
}

/** Lines a child prints on stdout, as they come. */
function lines(child: ChildProcess): AsyncIterableIterator<string> {
  return createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
}

async function lineMatching(reader: AsyncIterableIterator<string>, pattern: RegExp, what: string, seen: string[] = []): Promise<RegExpMatchArray> {
  const timer = setTimeout(() => reader.return?.(), 60_000);
  try {
    for (;;) {
      const next = await reader.next();
      if (next.done) throw new Error(`no ${what} line; output was:\n${seen.join("\n")}`);
      seen.push(next.value);
      const match = next.value.match(pattern);
      if (match) return match;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Starts a child in its own process group, so that a signal reaches npx and what it runs, as Ctrl-C does. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(command, args, { cwd: app, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stderr!.resume();
  running.push(child);
  return child;
}

/** Whether connections to `url` are refused (ECONNREFUSED) within `ms`. */
async function closesWithin(url: string, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
    try {
      await fetch(url, { method: "POST", signal: AbortSignal.timeout(1000) });
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED") return true;
    }
  }
  return false;
}

function skipIfOffline(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return Boolean(skipReason);
}

describe("the package, as an app installs it from a tarball", () => {
  before(() => {
    // prepack builds dist/lib; its output precedes npm's JSON on stdout.
    const out = mustRun("npm pack", "npm", ["pack", "--json", "--pack-destination", scratch], root);
    packed = (JSON.parse(out.slice(out.search(/^\[/m))) as (typeof packed)[])[0]!;
    mkdirSync(app);
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "adopter-app", version: "1.0.0", private: true, type: "module" }));
    const install = run("npm", ["install", path.join(scratch, packed.filename), "express", "koa", "cognito-local@5.3.0", ...npmFlags], app);
    if (install.status !== 0) {
      const ping = run("npm", ["ping"], app);
      if (ping.status !== 0) skipReason = `the npm registry is unreachable (npm ping: ${ping.log.trim().split("\n").at(-1)})`;
      else assert.fail(`npm install of the tarball failed:\n${install.log.slice(-4000)}`);
    }
  }, { timeout: 600_000 });
  after(() => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    rmSync(scratch, { recursive: true, force: true });
  });

  test("the tarball holds the built package and nothing else, and is small", (t) => {
    const files = packed.files.map((file) => file.path);
    const report = `${packed.filename}: ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked, ${packed.entryCount} files`;
    t.diagnostic(report);
    console.log(`  package: ${report}`);
    for (const file of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/lib/middleware/index.js", "dist/lib/middleware/index.d.ts", "dist/lib/shared/index.js",
      "dist/lib/shared/index.d.ts", "dist/lib/shared/local-cognito/index.js", "dist/lib/shared/local-cognito/index.d.ts", "dist/lib/shared/local-cognito/cli.js"]) {
      assert.ok(files.includes(file), `${file} is missing from the tarball`);
    }
    assert.deepEqual(files.filter((file) => /\.test\.|\.spec\./.test(file)), [], "no tests");
    assert.deepEqual(files.filter((file) => /\.(ts|tsx|mts|cts)$/.test(file) && !file.endsWith(".d.ts")), [], "no TypeScript sources");
    assert.deepEqual(files.filter((file) => file.endsWith(".map")), [], "no source maps (the sources do not ship)");
    assert.deepEqual(files.filter((file) => /(^|\/)(demo|testing|bench|desktop|e2e|scripts|renderer|build)\//.test(file)), [], "no demo, test support, bench, desktop app or scripts");
    // ~150 kB since the account routes, devices, SRP and events arrived (65 kB before them).
    assert.ok(packed.size < 200 * 1024, report);
  });

  test("the installed tree has no desktop, build or test module, and no optional peer it did not ask for", (t) => {
    if (skipIfOffline(t)) return;
    const installed = installedPackages(app);
    assert.ok(installed.has("cognito-mfa-kit") && installed.has("express") && installed.has("cognito-local"));
    assert.deepEqual(NEVER_INSTALLED.filter((name) => installed.has(name)), []);
  });

  test("the typings name only the package's own dependencies and Node's modules", (t) => {
    if (skipIfOffline(t)) return;
    const allowed = new Set([...Object.keys(manifest.dependencies), ...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const dist = path.join(app, "node_modules/cognito-mfa-kit/dist");
    const declarations = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? declarations(path.join(dir, name)) : name.endsWith(".d.ts") ? [path.join(dir, name)] : []));
    const named = new Set<string>();
    for (const file of declarations(dist)) {
      for (const [, specifier] of readFileSync(file, "utf8").matchAll(/(?:from\s+|import\s*\(\s*)["']([^"'.][^"']*)["']/g)) {
        const parts = specifier!.split("/");
        named.add(specifier!.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
      }
    }
    assert.deepEqual([...named].filter((name) => !allowed.has(name)), []);
  });

  test("each entry point loads with import and with require (no top-level await)", (t) => {
    if (skipIfOffline(t)) return;
    writeFileSync(path.join(app, "import-entries.mjs"), IMPORT_ENTRIES);
    writeFileSync(path.join(app, "require-entries.cjs"), REQUIRE_ENTRIES);
    const imported = JSON.parse(mustRun("import", process.execPath, ["import-entries.mjs"], app)) as Record<string, string[]>;
    const required = JSON.parse(mustRun("require", process.execPath, ["require-entries.cjs"], app)) as Record<string, string[]>;
    assert.deepEqual(required, imported);
    for (const name of ["expressAuth", "koaAuth", "nodeAuth", "requireAuth", "createAuthCore", "AuthOptionsError"]) assert.ok(imported.middleware!.includes(name), name);
    for (const name of ["createSignInFlow", "createSdkCognitoPort", "AuthError"]) assert.ok(imported.shared!.includes(name), name);
    for (const name of ["startLocalCognito", "SEED_USERS", "LocalCognitoPeerMissingError"]) assert.ok(imported.localCognito!.includes(name), name);
  });

  test("strict TypeScript apps resolve the typings (nodenext and bundler, skipLibCheck off)", { timeout: 300_000 }, (t) => {
    if (skipIfOffline(t)) return;
    const tsc = path.join(root, "node_modules/typescript/bin/tsc");
    // Only Node's typings first: the package's own must not need any framework's.
    mustRun("npm install @types/node", "npm", ["install", "--save-dev", "@types/node@20", ...npmFlags], app);
    writeFileSync(path.join(app, "typed-app.ts"), TYPED_APP);
    for (const resolution of ["nodenext", "bundler"] as const) {
      writeFileSync(path.join(app, `tsconfig.${resolution}.json`), tsconfig(resolution, ["typed-app.ts"]));
      const result = run(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`], app);
      assert.equal(result.status, 0, `tsc (${resolution}) failed:\n${result.log}`);
    }
    // Then an Express and Koa app with those frameworks' typings, as such an app has them.
    mustRun("npm install framework typings", "npm", ["install", "--save-dev", "@types/express@5", "@types/koa@3", ...npmFlags], app);
    writeFileSync(path.join(app, "typed-framework-app.ts"), TYPED_FRAMEWORK_APP);
    for (const resolution of ["nodenext", "bundler"] as const) {
      writeFileSync(path.join(app, `tsconfig.framework-${resolution}.json`), tsconfig(resolution, ["typed-framework-app.ts"], true));
      const result = run(process.execPath, [tsc, "-p", `tsconfig.framework-${resolution}.json`], app);
      assert.equal(result.status, 0, `tsc (Express and Koa, ${resolution}) failed:\n${result.log}`);
    }
  });

  test("npx cognito-mfa-kit local-cognito + the README's Express app: an SMS sign-in reaches a requireAuth route", { timeout: 180_000 }, async (t) => {
    if (skipIfOffline(t)) return;
    const cli = start("npx", ["--no", "cognito-mfa-kit", "local-cognito", "--port", "0"]);
    const cliLines = lines(cli);
    const printed: string[] = [];
    const [, endpoint, region, userPoolId, clientId, clientSecret] = await lineMatching(cliLines,
      /^\[local-cognito\] endpoint=(http:\/\/127\.0\.0\.1:\d+) region=(\S+) userPoolId=(\S+) serverClientId=(\S+) serverClientSecret=(\S+) publicClientId=\S+$/, "endpoint", printed);

    writeFileSync(path.join(app, "server.mjs"), EXPRESS_SERVER);
    const server = start(process.execPath, ["server.mjs"], {
      COGNITO_REGION: region, COGNITO_USER_POOL_ID: userPoolId, COGNITO_CLIENT_ID: clientId, COGNITO_CLIENT_SECRET: clientSecret, COGNITO_ENDPOINT: endpoint,
    });
    const [, base] = await lineMatching(lines(server), /^Listening on (http:\/\/127\.0\.0\.1:\d+)$/, "Listening");

    const signedOut = await fetch(`${base}/api/me`);
    assert.equal(signedOut.status, 401);
    assert.equal(((await signedOut.json()) as { error: { code: string } }).error.code, "NOT_SIGNED_IN");

    const post = (route: string, body: unknown, cookie = "") =>
      fetch(`${base}/auth/${route}`, { method: "POST", headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
    const signIn = await post("sign-in", { username: "demo@example.com", password: "Demo-Passw0rd!" });
    assert.equal(signIn.status, 200);
    assert.equal(((await signIn.json()) as { nextStep: { signInStep: string } }).nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    const [, code] = await lineMatching(cliLines, /^\[local-cognito\] SMS to \+15555550100 for demo@example\.com: (\d{6})$/, "SMS code", printed);

    const confirm = await post("confirm-sign-in", { challengeResponse: code }, cookieHeaderFrom(signIn.headers.getSetCookie()));
    assert.equal(confirm.status, 200);
    assert.equal(((await confirm.json()) as { isSignedIn: boolean }).isSignedIn, true);
    const me = await fetch(`${base}/api/me`, { headers: { cookie: cookieHeaderFrom(confirm.headers.getSetCookie()) } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { user: { username: string; email?: string } }).user.email ?? "", "demo@example.com");

    process.kill(-server.pid!, "SIGTERM");
    // Ctrl-C (SIGINT to the terminal's process group) stops npx and the local Cognito.
    process.kill(-cli.pid!, "SIGINT");
    await once(cli, "exit");
    // npx may exit a moment before the local Cognito it ran has closed its port.
    assert.ok(await closesWithin(endpoint!, 10_000), "the local Cognito's port is closed after Ctrl-C");
  });

  test("the CLI: --help, --data-dir, and SIGINT or SIGTERM stop it with exit code 0", { timeout: 120_000 }, async (t) => {
    if (skipIfOffline(t)) return;
    const bin = path.join(app, "node_modules/.bin/cognito-mfa-kit");
    const help = run(bin, ["--help"], app);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--port N[\s\S]*--data-dir DIR/);
    assert.equal(run(bin, ["local-cognito", "--port", "nope"], app).status, 2, "a bad port is refused");
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const dataDir = path.join(scratch, `data-${signal}`);
      const cli = start(bin, ["local-cognito", "--port", "0", "--data-dir", dataDir]);
      const [, endpoint] = await lineMatching(lines(cli), /^\[local-cognito\] endpoint=(\S+) /, "endpoint");
      assert.equal((await fetch(endpoint!, { method: "POST" })).status >= 400, true, "it answers HTTP");
      cli.kill(signal);
      const [code] = (await once(cli, "exit")) as [number | null];
      assert.equal(code, 0, `exit code after ${signal}`);
      assert.ok(readdirSync(dataDir).length > 0, "the pool files stay in the --data-dir");
    }
  });

  test("without an optional peer, the feature fails at start-up naming the package", async (t) => {
    if (skipIfOffline(t)) return;
    mustRun("npm uninstall cognito-local", "npm", ["uninstall", "cognito-local", ...npmFlags], app);
    writeFileSync(path.join(app, "missing-peers.mjs"), MISSING_PEERS);
    const outcome = JSON.parse(mustRun("missing peers", process.execPath, ["missing-peers.mjs"], app)) as {
      redis: { name: string; message: string }; localCognito: { name: string; code: string; packageName: string };
    };
    assert.equal(outcome.redis.name, "AuthOptionsError");
    assert.match(outcome.redis.message, /install ioredis/, "the message names the package to install");
    assert.deepEqual(outcome.localCognito, { name: "LocalCognitoPeerMissingError", code: "PEER_MISSING", packageName: "cognito-local" });
    const cli = run("npx", ["--no", "cognito-mfa-kit", "local-cognito"], app);
    assert.equal(cli.status, 2, cli.log);
    assert.match(cli.stderr, /npm install --save-dev cognito-local/);
  });
});
