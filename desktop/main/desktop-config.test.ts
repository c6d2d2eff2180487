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
    loadDesktopConfig({ env: { ...POOL, COGNITO_CLIENT_SECRET: "s3cret" }, allowDevelopment: true }),
    (error: Error) => error instanceof DesktopConfigError && /must not ship a client secret/.test(error.message) && !error.message.includes("s3cret"),
  );
});

test("a client secret in the config file is refused too", async () => {
  const dir = folderWith({ userPoolId: "eu-west-1_Abc123xyz", clientId: "c", clientSecret: "s3cret" });
  await assert.rejects(loadDesktopConfig({ env: {}, dataDirectory: dir, allowDevelopment: true }), /must not ship a client secret/);
});

test("the environment configures the pool; the region can come from the pool id", async () => {
  assert.deepEqual(await loadDesktopConfig({ env: POOL, allowDevelopment: false }), {
    kind: "pool", region: "eu-west-1", userPoolId: "eu-west-1_Abc123xyz", clientId: "publicclient", source: "environment",
  });
  const { COGNITO_REGION: _, ...withoutRegion } = POOL;
  const config = await loadDesktopConfig({ env: { ...withoutRegion, COGNITO_ENDPOINT: "http://127.0.0.1:9229" }, allowDevelopment: false });
  assert.equal(config.kind === "pool" && config.region, "eu-west-1");
  assert.equal(config.kind === "pool" && config.endpoint, "http://127.0.0.1:9229");
});

test("the config file in the data folder configures the pool when the environment does not", async () => {
  const dir = folderWith({ region: "us-east-2", userPoolId: "us-east-2_Xyz", clientId: "fromfile" });
  const config = await loadDesktopConfig({ env: {}, dataDirectory: dir, allowDevelopment: false });
  assert.deepEqual(config, { kind: "pool", region: "us-east-2", userPoolId: "us-east-2_Xyz", clientId: "fromfile", source: "config-file" });
  const fromEnv = await loadDesktopConfig({ env: POOL, dataDirectory: dir, allowDevelopment: false });
  assert.equal(fromEnv.kind === "pool" && fromEnv.clientId, "publicclient", "the environment wins");
});

test("bad settings fail at start with the setting named", async () => {
  await assert.rejects(loadDesktopConfig({ env: { ...POOL, COGNITO_CLIENT_ID: "" }, allowDevelopment: true }), /COGNITO_CLIENT_ID/);
  await assert.rejects(loadDesktopConfig({ env: { ...POOL, COGNITO_REGION: "mars" }, allowDevelopment: true }), /COGNITO_REGION/);
  await assert.rejects(loadDesktopConfig({ env: { ...POOL, COGNITO_USER_POOL_ID: "nope" }, allowDevelopment: true }), /COGNITO_USER_POOL_ID/);
  await assert.rejects(loadDesktopConfig({ env: {}, dataDirectory: folderWith("{oops"), allowDevelopment: true }), /not valid JSON/);
  await assert.rejects(loadDesktopConfig({ env: {}, dataDirectory: folderWith({ userPoolId: "eu-west-1_A", clientId: "c", extra: 1 }), allowDevelopment: true }), DesktopConfigError);
});

test("nothing configured: development mode in development, an error in a packaged app", async () => {
  const empty = mkdtempSync(path.join(tmpdir(), "cmk-config-"));
  assert.deepEqual(await loadDesktopConfig({ env: {}, dataDirectory: empty, allowDevelopment: true }), { kind: "development" });
  await assert.rejects(loadDesktopConfig({ env: {}, dataDirectory: empty, allowDevelopment: false }), /No user pool is configured/);
});
