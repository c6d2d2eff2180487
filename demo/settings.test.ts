import assert from "node:assert/strict";
import { test } from "node:test";
import { loadDemoSettings } from "./settings.js";

// Check 34: the demo's seeded passwords are public, so it listens on loopback unless told
// otherwise, and a production deployment never falls back to the local Cognito.

const POOL = { COGNITO_USER_POOL_ID: "eu-west-1_Abc123xyz", COGNITO_CLIENT_ID: "client" };

test("the demo binds 127.0.0.1 by default and HOST changes it", async () => {
  assert.equal((await loadDemoSettings(POOL)).host, "127.0.0.1");
  assert.equal((await loadDemoSettings({ ...POOL, HOST: "0.0.0.0" })).host, "0.0.0.0");
});

test("NODE_ENV=production without a pool refuses to start instead of running the local Cognito", async () => {
  await assert.rejects(loadDemoSettings({ NODE_ENV: "production" }), /NODE_ENV=production but no user pool is configured/);
  const configured = await loadDemoSettings({ ...POOL, NODE_ENV: "production" });
  assert.equal(configured.local, undefined, "a configured pool is used, with no local Cognito");
});

test("with no pool in development the embedded local Cognito runs", async () => {
  const settings = await loadDemoSettings({});
  try {
    assert.ok(settings.local, "the local Cognito started");
    assert.equal(settings.cognito.endpoint, settings.local.endpoint);
  } finally {
    await settings.local?.stop();
  }
});
