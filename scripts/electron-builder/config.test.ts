// Installer configuration (issue 6), checked without building: electron-builder.yml against
// electron-builder's own schema for every target, the hooks' decisions as data, the icons,
// the release workflow, and the packaging checks themselves (shown to catch a leak).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { FuseV1Options, FuseVersion } from "@electron/fuses";
import { getConfig, validateConfiguration } from "app-builder-lib/out/util/config/config.js";
import { DebugLogger } from "builder-util";
import "../../testing/support/quiet-electron-builder.js";
import type { Configuration } from "electron-builder";
import sharp from "sharp";
import { bareImports, forbiddenPackages, missingDependencies, unwantedFiles } from "./asar-checks.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
// js-yaml comes with electron-builder (it parses electron-builder.yml with it); no types installed.
const yaml = require("js-yaml") as { load(text: string): unknown };
const hooks = {
  fuses: require("./release-fuses.cjs") as { releaseFuses(env: NodeJS.ProcessEnv, target: { platform: string; arch: string }): Record<string, unknown>; ALLOW_INSPECT_ENV: string },
  notarize: require("./notarize.cjs") as { default: unknown; notarizeCredentials(env: NodeJS.ProcessEnv): { skip: string } | { options: Record<string, string> } },
  afterPack: require("./after-pack.cjs") as { default: unknown },
};

type TargetEntry = { target: string; arch: string[] };
const loadConfig = async () => structuredClone(await getConfig(root, null, null)) as Configuration;
const validate = (config: Configuration) => validateConfiguration(config, new DebugLogger(false));
const targetsOf = (platform: { target?: unknown } | null | undefined) => (platform?.target ?? []) as TargetEntry[];

describe("electron-builder.yml", () => {
  test("validates against electron-builder's schema, as a whole and for every single target", async () => {
    const config = await loadConfig();
    await validate(structuredClone(config));
    // What `electron-builder --<platform> <target>` builds: each target alone must be valid too.
    const platforms = { mac: config.mac, win: config.win, linux: config.linux } as const;
    for (const [name, platform] of Object.entries(platforms)) {
      for (const entry of targetsOf(platform)) {
        const single = structuredClone(config) as Record<string, unknown>;
        single[name] = { ...(platform as object), target: [entry] };
        await assert.doesNotReject(validate(single as Configuration), `${name} ${entry.target}`);
      }
    }
  });

  test("the schema check is real: a typo or a wrong type is rejected", async () => {
    const config = await loadConfig();
    await assert.rejects(validate({ ...config, nsis: { ...config.nsis, oneClick: "sometimes" as unknown as boolean } }), /nsis\.oneClick should be a boolean/);
    await assert.rejects(validate({ ...config, mac: { ...config.mac, hardenedRuntim: true } as Configuration["mac"] }), /configuration\.mac/);
  });

  test("targets: nsis, dmg + zip, AppImage + deb, each for x64 and arm64", async () => {
    const config = await loadConfig();
    const summary = (entries: TargetEntry[]) => entries.map(({ target, arch }) => `${target}:${[...arch].sort().join("+")}`);
    assert.deepEqual(summary(targetsOf(config.win)), ["nsis:arm64+x64"]);
    assert.deepEqual(summary(targetsOf(config.mac)), ["dmg:arm64+x64", "zip:arm64+x64"]);
    assert.deepEqual(summary(targetsOf(config.linux)), ["AppImage:arm64+x64", "deb:arm64+x64"]);
  });

  test("identity, packed files, the unpacked keychain module and the hooks", async () => {
    const config = await loadConfig();
    assert.equal(config.appId, "dev.cognito-mfa-kit.desktop");
    assert.equal(config.productName, "Cognito MFA Kit");
    assert.equal(config.directories?.output, "release");
    // The two-package.json layout: desktop/ is the app (its manifest names main and its own dependencies).
    assert.equal(config.directories?.app, "desktop");
    const appManifest = JSON.parse(readFileSync(path.join(root, "desktop/package.json"), "utf8")) as { main?: string; dependencies?: Record<string, string> };
    assert.equal(appManifest.main, "out/main/index.js");
    assert.ok(appManifest.dependencies?.["@github/keytar"], "the keychain module is the desktop app's own dependency");
    assert.equal(config.extraMetadata, undefined, "nothing is patched into the app's manifest");
    // electron-builder's loader normalises `files` to [{filter: [...]}].
    const files = (config.files as Array<string | { filter?: string[] }>).flatMap((set) => (typeof set === "string" ? [set] : (set.filter ?? [])));
    assert.deepEqual(files.filter((pattern) => !pattern.startsWith("!")), ["package.json", "out/**/*"], "only the built app and package.json");
    assert.ok(files.includes("!**/*.{map,ts,mts,cts,tsx}"));
    assert.ok((config.asarUnpack as string[]).includes("**/node_modules/@github/keytar/**"));
    for (const hook of [config.afterPack, config.afterSign] as string[]) {
      assert.ok(existsSync(path.join(root, hook)), `${hook} is missing`);
    }
    assert.equal(typeof hooks.afterPack.default, "function");
    assert.equal(typeof hooks.notarize.default, "function");
  });

  test("Windows: per-user one-click NSIS; macOS: hardened runtime with entitlements, notarized by the hook", async () => {
    const config = await loadConfig();
    assert.equal(config.nsis?.oneClick, true);
    assert.equal(config.nsis?.perMachine, false);
    assert.equal(config.mac?.hardenedRuntime, true);
    assert.equal(config.mac?.notarize, false, "electron-builder's own notarization is off: the afterSign hook decides");
    for (const plist of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      const text = readFileSync(path.join(root, plist ?? "missing"), "utf8");
      assert.match(text, /com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
      assert.doesNotMatch(text, /disable-library-validation|get-task-allow/, `${plist} grants more than V8 needs`);
    }
  });

  test("Linux: desktop entry with name and category, icon set", async () => {
    const config = await loadConfig();
    const entry = (config.linux?.desktop as { entry?: Record<string, string> } | undefined)?.entry ?? {};
    assert.equal(entry.Name, "Cognito MFA Kit");
    assert.match(entry.Categories ?? "", /^Utility;/);
    assert.equal(entry.Exec, undefined, "electron-builder refuses Exec here (use executableName)");
    assert.equal(config.linux?.category, "Utility");
    assert.equal(config.linux?.executableName, "cognito-mfa-kit");
    assert.equal(config.linux?.icon, "build/icons/png");
    assert.ok(config.linux?.maintainer, "deb needs a maintainer (package.json has no author)");
  });
});

describe("icons generated from build/icon.svg", () => {
  test("Linux PNG set 16–1024 with matching pixel sizes, Windows .ico with 256 px, macOS .icns", async () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const meta = await sharp(path.join(root, `build/icons/png/${size}x${size}.png`)).metadata();
      assert.deepEqual([meta.width, meta.height, meta.hasAlpha], [size, size, true], `${size}x${size}.png`);
    }
    const ico = readFileSync(path.join(root, "build/icons/icon.ico"));
    assert.deepEqual([...ico.subarray(0, 4)], [0, 0, 1, 0], "ICO header");
    const frames = ico.readUInt16LE(4);
    const widths = Array.from({ length: frames }, (_, i) => ico[6 + i * 16] || 256);
    assert.ok(widths.includes(256) && widths.includes(16) && widths.includes(32) && widths.includes(48), `ico sizes ${widths}`);
    const icns = readFileSync(path.join(root, "build/icons/icon.icns"));
    assert.equal(icns.subarray(0, 4).toString("latin1"), "icns");
    assert.equal(icns.readUInt32BE(4), icns.length);
    assert.ok(icns.includes(Buffer.from("ic10")), "icns has the 1024 px (512@2x) image");
  });
});

describe("release fuses (security check 25), as the afterPack hook applies them", () => {
  test("release build: run-as-node, NODE_OPTIONS and inspect off; only-load-from-asar and asar integrity on", () => {
    const fuses = hooks.fuses.releaseFuses({}, { platform: "linux", arch: "x64" });
    assert.equal(fuses.version, FuseVersion.V1);
    assert.equal(fuses[FuseV1Options.RunAsNode], false);
    assert.equal(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable], false);
    assert.equal(fuses[FuseV1Options.EnableNodeCliInspectArguments], false);
    assert.equal(fuses[FuseV1Options.OnlyLoadAppFromAsar], true);
    assert.equal(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], true);
    assert.equal(fuses.resetAdHocDarwinSignature, false);
  });

  test("a test build may keep only the inspect fuse on; arm64 Macs get their ad-hoc signature reset", () => {
    const release = hooks.fuses.releaseFuses({}, { platform: "darwin", arch: "arm64" });
    const testBuild = hooks.fuses.releaseFuses({ [hooks.fuses.ALLOW_INSPECT_ENV]: "1" }, { platform: "darwin", arch: "arm64" });
    assert.deepEqual({ ...testBuild, [FuseV1Options.EnableNodeCliInspectArguments]: false }, release);
    assert.equal(testBuild[FuseV1Options.EnableNodeCliInspectArguments], true);
    assert.equal(release.resetAdHocDarwinSignature, true);
    assert.equal(hooks.fuses.releaseFuses({ [hooks.fuses.ALLOW_INSPECT_ENV]: "yes" }, { platform: "win32", arch: "x64" })[FuseV1Options.EnableNodeCliInspectArguments], false);
  });
});

describe("notarization decision (afterSign hook)", () => {
  const { notarizeCredentials } = hooks.notarize;
  test("no credentials → skipped, with the variables to set", () => {
    const result = notarizeCredentials({ APPLE_ID: "" });
    assert.ok("skip" in result);
    assert.match(result.skip, /APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID/);
  });
  test("Apple ID or API key credentials → notarize with them; half a set → error", () => {
    assert.deepEqual(notarizeCredentials({ APPLE_ID: "a@b.c", APPLE_APP_SPECIFIC_PASSWORD: "pw", APPLE_TEAM_ID: "T1" }), { options: { appleId: "a@b.c", appleIdPassword: "pw", teamId: "T1" } });
    assert.deepEqual(notarizeCredentials({ APPLE_API_KEY: "/k.p8", APPLE_API_KEY_ID: "K", APPLE_API_ISSUER: "I" }), { options: { appleApiKey: "/k.p8", appleApiKeyId: "K", appleApiIssuer: "I" } });
    assert.throws(() => notarizeCredentials({ APPLE_ID: "a@b.c" }), /APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID missing/);
  });
});

describe("release workflow", () => {
  type Step = { run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> };
  type Job = { "runs-on": string; container?: string; needs?: string; strategy?: { matrix: { os?: string[]; node?: string[] } }; steps: Step[] };
  const workflow = yaml.load(readFileSync(path.join(root, ".github/workflows/release.yml"), "utf8")) as { on: Record<string, unknown>; jobs: Record<string, Job> };

  test("is valid YAML with a Windows, macOS and Linux matrix that builds, uploads and publishes on tags", () => {
    const installers = workflow.jobs.installers;
    assert.ok(installers, "an installers job");
    assert.deepEqual([...(installers.strategy!.matrix.os ?? [])].sort(), ["macos-latest", "ubuntu-latest", "windows-latest"]);
    assert.equal(installers["runs-on"], "${{ matrix.os }}");
    assert.deepEqual((workflow.on.push as { tags: string[] }).tags, ["v*"]);
    const runs = installers.steps.map((step) => step.run ?? step.uses ?? "");
    assert.ok(runs.some((run) => run.startsWith("npm ci")));
    const dist = installers.steps.find((step) => step.run?.startsWith("npm run dist"));
    assert.ok(dist, "builds with npm run dist");
    assert.match(dist.run!, /--publish/);
    for (const secret of ["CSC_LINK", "CSC_KEY_PASSWORD", "APPLE_ID", "APPLE_APP_SPECIFIC_PASSWORD", "APPLE_TEAM_ID", "WIN_CSC_LINK", "GH_TOKEN"]) {
      assert.ok(dist.env?.[secret], `${secret} is passed to electron-builder`);
    }
    const upload = installers.steps.find((step) => step.uses?.startsWith("actions/upload-artifact"));
    assert.ok(upload, "uploads the installers as artifacts");
    for (const ext of ["exe", "dmg", "AppImage", "deb"]) assert.match(upload.with?.path ?? "", new RegExp(`\\*\\.${ext}`));
  });

  test("the tests run first, on Linux, the way .ci/run runs them", () => {
    const tests = workflow.jobs.test;
    assert.ok(tests && tests["runs-on"].startsWith("ubuntu"));
    assert.ok(tests.steps.some((step) => step.run?.includes(".ci/run")));
    assert.deepEqual(tests.strategy?.matrix.node, ["20", "22", "24"], "the suite runs on Node 20, 22 and 24");
    assert.equal(tests.container, "node:${{ matrix.node }}-bookworm");
    assert.equal(workflow.jobs.installers?.needs, "test");
  });
});

describe("the packaging checks catch leaks (on made-up archive listings)", () => {
  test("express, koa, vite, playwright, cognito-local and dev dependencies are reported", () => {
    const listing = ["/package.json", "/node_modules/zod/index.js", "/node_modules/express/index.js", "/node_modules/a/node_modules/koa/lib/application.js",
      "/node_modules/vite/dist/node/index.js", "/node_modules/playwright-core/index.js", "/node_modules/cognito-local/lib/index.js", "/node_modules/autocannon/index.js"];
    assert.deepEqual(forbiddenPackages(listing, ["autocannon"]), ["autocannon", "cognito-local", "express", "koa", "playwright-core", "vite"]);
  });
  test("TypeScript sources, declarations, maps, tests and repository files are reported", () => {
    const listing = ["/package.json", "/out/main/index.js", "/out/main/index.js.map", "/main/index.ts", "/shared/flow.js",
      "/node_modules/zod/src/index.ts", "/node_modules/x/index.d.ts", "/node_modules/y/test/a.js", "/out/main/app.test.js", "/node_modules/zod/index.js"];
    assert.deepEqual(unwantedFiles(listing), ["/out/main/index.js.map", "/main/index.ts", "/shared/flow.js", "/node_modules/zod/src/index.ts",
      "/node_modules/x/index.d.ts", "/node_modules/y/test/a.js", "/out/main/app.test.js"]);
  });
  test("imports and missing dependencies are found", () => {
    const code = `import { app } from "electron"; import fs from "node:fs"; import { z } from "zod"; import x from "./x.js";
      const k = createRequire(import.meta.url)("@github/keytar"); await import("@aws-sdk/client-cognito-identity-provider/dist"); require("path");`;
    assert.deepEqual(bareImports(code), ["@aws-sdk/client-cognito-identity-provider", "@github/keytar", "zod"]);
    const packages = new Map<string, { dependencies?: Record<string, string> }>([
      ["/node_modules/a", { dependencies: { b: "1", c: "1" } }],
      ["/node_modules/a/node_modules/b", { dependencies: { c: "1", "node-addon-api": "8" } }],
      ["/node_modules/c", {}],
      ["/node_modules/d", { dependencies: { e: "1" } }],
    ]);
    assert.deepEqual(missingDependencies(packages, new Set(["node-addon-api"])), ["/node_modules/d → e"]);
  });
});
