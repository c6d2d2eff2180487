// Packaging test (issue 6): builds the desktop app, packs it with electron-builder's `dir`
// target against a stand-in Electron runtime (the real one cannot be downloaded here), and
// inspects the result: what app.asar holds, what is unpacked, what must never be inside, and
// the release fuses the afterPack hook flipped. Installers proper (nsis, dmg, AppImage, deb)
// are built by .github/workflows/release.yml on real runners.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { extractFile, listPackage, statFile } from "@electron/asar";
import { FuseV1Options, getCurrentFuseWire } from "@electron/fuses";
import { LinuxTargetHelper } from "app-builder-lib/out/targets/LinuxTargetHelper.js";
import { Arch, Packager, Platform, type LinuxPackager } from "electron-builder";
import "../../testing/support/quiet-electron-builder.js";
import { bareImports, forbiddenPackages, missingDependencies, packageOf, packageRoot, unwantedFiles } from "./asar-checks.js";
import { ELECTRON_DEFAULT_FUSES, makeStandInElectron } from "./stand-in-electron.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const rootManifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  name: string; version: string; devDependencies: Record<string, string>; peerDependencies: Record<string, string>;
};
// The app's own manifest (electron-builder's two-package.json layout): name, main, its dependencies.
const appManifest = JSON.parse(readFileSync(path.join(root, "desktop/package.json"), "utf8")) as { name: string; version: string };
const builtOut = path.join(root, "desktop/out");
const ON = 0x31;
const OFF = 0x30;

const scratch = mkdtempSync(path.join(tmpdir(), "cmk-packaging-"));
const output = path.join(scratch, "release");
const appDir = path.join(output, process.arch === "arm64" ? "linux-arm64-unpacked" : "linux-unpacked");
const archive = path.join(appDir, "resources/app.asar");
const unpacked = `${archive}.unpacked`;
let files: string[] = [];
let desktopEntry = "";

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const log = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  assert.equal(result.status, 0, `${label} failed (exit ${result.status}):\n${log.slice(-4000)}`);
  return log;
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join("/")];
  });
}

const isFile = (file: string) => "size" in statFile(archive, file.slice(1));
const read = (file: string) => extractFile(archive, file.slice(1));
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function folderSize(dir: string): number {
  return listFiles(dir).reduce((sum, file) => sum + statSync(path.join(dir, file)).size, 0);
}

describe("packaging: electron-builder --dir with a stand-in Electron runtime", { skip: process.platform !== "linux" && "the stand-in runtime is a Linux layout; CI runners build the real installers" }, () => {
  before(async () => {
    // The desktop build (electron-vite) is the only input: build it fresh, as `npm run dist` does.
    run("npm run desktop:build", "npm", ["run", "desktop:build", "--silent"]);
    const electronDist = await makeStandInElectron(path.join(scratch, "electron-dist"));
    // electron-builder in process (what its CLI runs), with electron-builder.yml and its hooks
    // as they are; only the runtime folder and the output folder are overridden, as
    // `electron-builder --linux dir -c.electronDist=… -c.directories.output=…` would.
    process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = "1";
    delete process.env.CMK_FUSES_ALLOW_INSPECT;
    const packager = new Packager({
      projectDir: root,
      targets: Platform.LINUX.createTarget("dir", process.arch === "arm64" ? Arch.arm64 : Arch.x64),
      config: { electronDist, directories: { output } },
    });
    // A second afterPack listener (the configured hook still runs first): the .desktop entry
    // the AppImage and deb targets would write, computed by electron-builder's own code.
    packager.onAfterPack(async (context) => {
      const linux = context.packager as LinuxPackager;
      desktopEntry = await new LinuxTargetHelper(linux).computeDesktopEntry(linux.platformSpecificBuildOptions);
    });
    await packager.build();
    files = listPackage(archive, { isPack: false }).map((file) => file.split(path.sep).join("/"));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test("app.asar holds the built main, preload and renderer, byte for byte", () => {
    const built = listFiles(builtOut).filter((file) => !file.endsWith(".map") && !/^main\/local-cognito-/.test(file));
    assert.ok(built.some((file) => file.startsWith("main/")) && built.some((file) => file.startsWith("preload/")) && built.some((file) => file.startsWith("renderer/")),
      `desktop/out must contain main/, preload/ and renderer/ (has: ${built.join(", ")})`);
    for (const file of built) {
      const inside = `/out/${file}`;
      assert.ok(files.includes(inside), `${inside} is missing from app.asar`);
      assert.equal(sha(read(inside)), sha(readFileSync(path.join(builtOut, file))), `${inside} differs from the build`);
    }
    assert.ok(files.includes("/out/preload/index.cjs"), "the sandboxed preload must be one CommonJS file");
    assert.ok(files.includes("/out/renderer/index.html"));
    // The renderer's page references only assets that were packed.
    const html = read("/out/renderer/index.html").toString("utf8");
    for (const [, ref] of html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) {
      assert.ok(files.includes(`/out/renderer/${ref}`), `index.html references ${ref}, which is not packed`);
    }
  });

  test("app.asar's package.json names the app and points at the built main", () => {
    const manifest = JSON.parse(read("/package.json").toString("utf8")) as Record<string, unknown>;
    assert.equal(manifest.name, appManifest.name);
    assert.equal(manifest.version, rootManifest.version, "the app's version follows the package's");
    assert.equal(appManifest.version, rootManifest.version);
    assert.equal(manifest.main, "out/main/index.js");
    assert.ok(isFile(`/${manifest.main as string}`), "main must exist inside the archive");
    assert.equal(manifest.type, "module", "the built main is an ES module");
    assert.equal(manifest.devDependencies, undefined, "electron-builder strips devDependencies");
    assert.equal(manifest.scripts, undefined, "electron-builder strips scripts");
  });

  test("the keychain's native module sits in app.asar.unpacked and loads from there", () => {
    const keytar = "node_modules/@github/keytar";
    const binary = `${keytar}/prebuilds/${process.platform}-${process.arch}/keytar.node`;
    assert.ok(existsSync(path.join(unpacked, binary)), `${binary} is not in app.asar.unpacked`);
    assert.ok(existsSync(path.join(unpacked, keytar, "lib/keytar.js")));
    const entry = statFile(archive, binary);
    assert.ok("unpacked" in entry && entry.unpacked, "the asar header must mark keytar.node as unpacked");
    assert.equal(sha(readFileSync(path.join(unpacked, binary))), sha(readFileSync(path.join(root, binary))));
    // Every native file is unpacked (Electron cannot dlopen from inside an archive) …
    for (const file of files.filter((name) => name.endsWith(".node"))) {
      const native = statFile(archive, file.slice(1));
      assert.ok("unpacked" in native && native.unpacked, `${file} is packed inside the asar`);
    }
    // … and only this platform's prebuild ships.
    const prebuilds = readdirSync(path.join(unpacked, keytar, "prebuilds"));
    assert.deepEqual(prebuilds, [`${process.platform}-${process.arch}`]);
    // N-API: the same binary Node loads here is what Electron loads. Loading needs libsecret-1.
    const loaded = require(path.join(unpacked, keytar)) as { getPassword?: unknown };
    assert.equal(typeof loaded.getPassword, "function");
  });

  test("no server frameworks, build or test tools, dev dependencies, TypeScript sources, maps or tests", () => {
    assert.deepEqual(forbiddenPackages(files, [...Object.keys(rootManifest.devDependencies), ...Object.keys(rootManifest.peerDependencies)]), []);
    // The server package's own dependencies that the desktop app never loads stay out too.
    for (const name of ["express", "koa", "vite", "playwright", "playwright-core", "cognito-local", "typescript", "electron", "ioredis", "rate-limiter-flexible", "cookie", "cognito-mfa-kit-desktop"]) {
      assert.ok(!files.some((file) => packageOf(file) === name), `${name} is inside app.asar`);
    }
    assert.deepEqual(unwantedFiles(files), []);
    // Nothing packed imports the development-only local Cognito (its chunk is excluded).
    for (const file of files.filter((name) => name.startsWith("/out/") && /\.[cm]?js$/.test(name))) {
      assert.doesNotMatch(read(file).toString("utf8"), /from\s*["']cognito-local/, `${file} imports cognito-local`);
    }
  });

  test("everything the built code imports is packed, with its whole dependency tree", () => {
    const packages = new Map<string, { dependencies?: Record<string, string> }>();
    for (const file of files) {
      const base = packageRoot(file);
      if (base && file === `${base}/package.json`) packages.set(base, JSON.parse(read(file).toString("utf8")));
    }
    const code = files.filter((name) => name.startsWith("/out/main/") || name.startsWith("/out/preload/"));
    const imported = [...new Set(code.flatMap((file) => bareImports(read(file).toString("utf8"))))];
    assert.ok(imported.length > 0, "expected the main bundle to import its runtime dependencies");
    for (const name of imported) assert.ok(packages.has(`/node_modules/${name}`), `the app imports ${name}, which is not packed`);
    // node-addon-api is a C++ header package keytar needs only to build from source.
    assert.deepEqual(missingDependencies(packages, new Set(["node-addon-api"])), []);
  });

  test("the Linux desktop entry: name, category, executable, icon, window class", () => {
    const entry = Object.fromEntries(desktopEntry.split("\n").filter((line) => line.includes("=")).map((line) => line.split(/=(.*)/s).slice(0, 2)));
    assert.match(desktopEntry, /^\[Desktop Entry\]/);
    assert.equal(entry.Name, "Cognito MFA Kit");
    assert.equal(entry.Type, "Application");
    assert.match(entry.Categories ?? "", /^Utility;/);
    assert.match(entry.Exec ?? "", /^"?\/opt\/Cognito MFA Kit\/cognito-mfa-kit"? %U$/);
    assert.equal(entry.Icon, "cognito-mfa-kit");
    assert.equal(entry.StartupWMClass, "cognito-mfa-kit", "matches desktopName, which Electron uses as WM_CLASS");
    assert.ok(entry.Comment);
  });

  test("the afterPack hook applied the release fuses to the packed binary", async () => {
    const binary = path.join(appDir, "cognito-mfa-kit");
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    const expect = (fuse: FuseV1Options, on: boolean) =>
      assert.equal(wire[fuse], on ? ON : OFF, `${FuseV1Options[fuse]} should be ${on ? "on" : "off"}`);
    // Electron ships RunAsNode, NODE_OPTIONS and inspect ON and the asar fuses OFF: all flipped.
    assert.equal(ELECTRON_DEFAULT_FUSES[FuseV1Options.RunAsNode], true);
    expect(FuseV1Options.RunAsNode, false);
    expect(FuseV1Options.EnableNodeOptionsEnvironmentVariable, false);
    expect(FuseV1Options.EnableNodeCliInspectArguments, false);
    expect(FuseV1Options.OnlyLoadAppFromAsar, true);
    expect(FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true);
    // Fuses the release config leaves alone keep Electron's defaults.
    expect(FuseV1Options.EnableCookieEncryption, ELECTRON_DEFAULT_FUSES[FuseV1Options.EnableCookieEncryption]);
  });

  test("reports the size of what ships", (t) => {
    const asarBytes = statSync(archive).size;
    const unpackedBytes = folderSize(unpacked);
    const byPackage = new Map<string, number>();
    for (const file of files) {
      const entry = statFile(archive, file.slice(1));
      if (!("size" in entry)) continue;
      const owner = packageOf(file) ?? "(app)";
      byPackage.set(owner, (byPackage.get(owner) ?? 0) + entry.size);
    }
    const largest = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, bytes]) => `${name} ${kib(bytes)}`);
    const report = `app.asar ${(asarBytes / 1024 / 1024).toFixed(2)} MiB (${files.length} entries), app.asar.unpacked ${kib(unpackedBytes)}; largest: ${largest.join(", ")}`;
    t.diagnostic(report);
    console.log(`  packaging: ${report}`);
    // A guard against a dependency tree leaking in wholesale (dev deps weigh hundreds of MiB).
    assert.ok(asarBytes < 40 * 1024 * 1024, report);
  });
});
