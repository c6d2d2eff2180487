import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { CONFIG_FILE_NAME, DesktopConfigError, loadDesktopConfig } from "./desktop-config.js";

const POOL = { COGNITO_REGION: "eu-west-1", COGNITO_USER_POOL_ID: "eu-west-1_Abc123xyz", COGNITO_CLIENT_ID: "publicclient" };
const folderWith = (content: unknown) => {
  const dir = mkdtempSync(path.join(tmpdir(), "cmk-config-"));
  writeFileSync(path.join(dir, CONFIG_FILE_NAME), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
};

test("a client secret in the environment is refused with a message that says why", async () => {
  await assert.rejects(
    loadDesktopConfig({ env: { ...POOL, COGNITO_CLIENT_SECRET: "s3cret" }, packaged: false }),
    (error: Error) => error instanceof DesktopConfigError && /must not ship a client secret/.test(error.message) && !error.message.includes("s3cret"),
  );
});

test("a client secret in the config file is refused too", async () => {
  const dir = folderWith({ userPoolId: "eu-west-1_Abc123xyz", clientId: "c", clientSecret: "s3cret" });
  await assert.rejects(loadDesktopConfig({ env: {}, dataDirectory: dir, packaged: false }), /must not ship a client secret/);
});

test("the environment configures the pool; the region can come from the pool id", async () => {
  assert.deepEqual(await loadDesktopConfig({ env: POOL, packaged: false }), {
    kind: "pool", region: "eu-west-1", userPoolId: "eu-west-1_Abc123xyz", clientId: "publicclient", source: "environment",
  });
  const { COGNITO_REGION: _, ...withoutRegion } = POOL;
  const config = await loadDesktopConfig({ env: { ...withoutRegion, COGNITO_ENDPOINT: "http://127.0.0.1:9229" }, packaged: false });
  assert.equal(config.kind === "pool" && config.region, "eu-west-1");
  assert.equal(config.kind === "pool" && config.endpoint, "http://127.0.0.1:9229");
});

test("the config file in the data folder configures the pool when the environment does not", async () => {
  const dir = folderWith({ region: "us-east-2", userPoolId: "us-east-2_Xyz", clientId: "fromfile" });
  const config = await loadDesktopConfig({ env: {}, dataDirectory: dir, packaged: false });
  assert.deepEqual(config, { kind: "pool", region: "us-east-2", userPoolId: "us-east-2_Xyz", clientId: "fromfile", source: "config-file" });
  const fromEnv = await loadDesktopConfig({ env: POOL, dataDirectory: dir, packaged: false });
  assert.equal(fromEnv.kind === "pool" && fromEnv.clientId, "publicclient", "the environment wins");
});

test("bad settings fail at start with the setting named", async () => {
  await assert.rejects(loadDesktopConfig({ env: { ...POOL, COGNITO_CLIENT_ID: "" }, packaged: false }), /COGNITO_CLIENT_ID/);
  await assert.rejects(loadDesktopConfig({ env: { ...POOL, COGNITO_REGION: "mars" }, packaged: false }), /COGNITO_REGION/);
  await assert.rejects(loadDesktopConfig({ env: { ...POOL, COGNITO_USER_POOL_ID: "nope" }, packaged: false }), /COGNITO_USER_POOL_ID/);
  await assert.rejects(loadDesktopConfig({ env: {}, dataDirectory: folderWith("{oops"), packaged: false }), /not valid JSON/);
  await assert.rejects(loadDesktopConfig({ env: {}, dataDirectory: folderWith({ userPoolId: "eu-west-1_A", clientId: "c", extra: 1 }), packaged: false }), DesktopConfigError);
});

test("nothing configured: development mode in development, an error in a packaged app", async () => {
  const empty = mkdtempSync(path.join(tmpdir(), "cmk-config-"));
  assert.deepEqual(await loadDesktopConfig({ env: {}, dataDirectory: empty, packaged: false }), { kind: "development" });
  await assert.rejects(loadDesktopConfig({ env: {}, dataDirectory: empty, packaged: true }), (error: Error) => error instanceof DesktopConfigError && /No user pool is configured/.test(error.message));
  await assert.rejects(loadDesktopConfig({ env: {}, packaged: true, bundledConfigFile: path.join(empty, "missing.json") }), /No user pool is configured/);
});

// Check 39: same-user code can set environment variables and write the data folder; in a
// packaged app neither may point the stored refresh token at another endpoint.
test("a packaged app takes its pool and endpoint from the bundled file only", async () => {
  const bundled = path.join(folderWith({ region: "eu-west-1", userPoolId: "eu-west-1_Bundled1", clientId: "bundledclient", endpoint: "https://cognito-idp.eu-west-1.amazonaws.com" }), CONFIG_FILE_NAME);
  const dataFolder = folderWith({ userPoolId: "eu-west-1_Planted", clientId: "planted", endpoint: "https://evil.example" });
  const config = await loadDesktopConfig({
    env: { ...POOL, COGNITO_ENDPOINT: "https://evil.example" },
    dataDirectory: dataFolder,
    packaged: true,
    bundledConfigFile: bundled,
  });
  assert.equal(config.kind, "pool");
  if (config.kind !== "pool") return;
  assert.equal(config.source, "bundled");
  assert.equal(config.userPoolId, "eu-west-1_Bundled1");
  assert.equal(config.clientId, "bundledclient");
  assert.equal(config.endpoint, "https://cognito-idp.eu-west-1.amazonaws.com");
  assert.deepEqual(config.ignored, ["COGNITO_REGION", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_ENDPOINT"]);
});

test("a packaged app refuses a plain-http endpoint, even to loopback", async () => {
  for (const endpoint of ["http://127.0.0.1:9229", "http://cognito.example"]) {
    const bundled = path.join(folderWith({ userPoolId: "eu-west-1_Bundled1", clientId: "c", endpoint }), CONFIG_FILE_NAME);
    await assert.rejects(loadDesktopConfig({ env: {}, packaged: true, bundledConfigFile: bundled }), (error: Error) => error instanceof DesktopConfigError && /https/.test(error.message));
  }
});

test("in development, plain http is allowed to this machine only", async () => {
  await assert.rejects(loadDesktopConfig({ env: { ...POOL, COGNITO_ENDPOINT: "http://cognito.example" }, packaged: false }), /COGNITO_ENDPOINT must be an https URL/);
  const local = await loadDesktopConfig({ env: { ...POOL, COGNITO_ENDPOINT: "http://localhost:9229" }, packaged: false });
  assert.equal(local.kind === "pool" && local.endpoint, "http://localhost:9229");
});
