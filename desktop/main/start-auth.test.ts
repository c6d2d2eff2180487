import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createMemoryLogger } from "../../shared/runtime/logger.js";
import { startDesktopAuth } from "./start-auth.js";

// No D-Bus here: the vault is memory-only, which is all these start-up checks need.
delete process.env.DBUS_SESSION_BUS_ADDRESS;
delete process.env.DISPLAY;

const dataDirectory = () => mkdtempSync(path.join(tmpdir(), "cmk-data-"));

test("a client secret stops the app at start, before anything talks to Cognito", async () => {
  await assert.rejects(
    startDesktopAuth({ env: { COGNITO_USER_POOL_ID: "eu-west-1_Abc", COGNITO_CLIENT_ID: "c", COGNITO_CLIENT_SECRET: "s" }, dataDirectory: dataDirectory(), packaged: false, logger: createMemoryLogger() }),
    /must not ship a client secret/,
  );
});

test("no pool configured in development: the embedded local Cognito starts and its public client signs in", async () => {
  const lines: string[] = [];
  const auth = await startDesktopAuth({
    env: {},
    dataDirectory: dataDirectory(),
    packaged: false,
    logger: createMemoryLogger(),
    output: (line) => lines.push(line),
    vault: { service: "cognito-mfa-kit-start-test" },
  });
  try {
    assert.equal(auth.mode, "development");
    assert.match(auth.pool.endpoint ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(lines.some((line) => line.includes(`publicClientId=${auth.pool.clientId}`)), "the endpoint line names the public client");
    const result = await auth.service.signIn({ username: "plain@example.com", password: "Plain-Passw0rd!", remember: false });
    assert.equal(result.isSignedIn, true);
  } finally {
    await auth.stop();
  }
});

test("a configured pool is used as given", async () => {
  const auth = await startDesktopAuth({
    env: { COGNITO_USER_POOL_ID: "eu-west-1_Abc123", COGNITO_CLIENT_ID: "client", COGNITO_ENDPOINT: "http://127.0.0.1:9" },
    dataDirectory: dataDirectory(),
    packaged: false,
    logger: createMemoryLogger(),
  });
  assert.equal(auth.mode, "pool");
  assert.deepEqual(auth.pool, { region: "eu-west-1", userPoolId: "eu-west-1_Abc123", clientId: "client", endpoint: "http://127.0.0.1:9" });
  await auth.stop();
});

test("AUTH_FLOW in development: USER_AUTH lets the sign-in start without a password; a bad value stops the start", async () => {
  const auth = await startDesktopAuth({ env: { AUTH_FLOW: "USER_AUTH" }, dataDirectory: dataDirectory(), packaged: false, logger: createMemoryLogger(), output: () => undefined, vault: { service: "cognito-mfa-kit-start-test" } });
  try {
    assert.equal(auth.service.getState().passwordOptional, true);
    const result = await auth.service.signIn({ username: "plain@example.com", remember: false });
    assert.equal(result.isSignedIn ? "DONE" : result.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
  } finally {
    await auth.stop();
  }
  await assert.rejects(
    startDesktopAuth({ env: { AUTH_FLOW: "MAGIC", COGNITO_USER_POOL_ID: "eu-west-1_Abc123", COGNITO_CLIENT_ID: "client" }, dataDirectory: dataDirectory(), packaged: false, logger: createMemoryLogger() }),
    /authFlow must be one of/,
  );
});

test("the default is SRP: the development app signs in by USER_SRP_AUTH", async () => {
  const logger = createMemoryLogger();
  const auth = await startDesktopAuth({ env: {}, dataDirectory: dataDirectory(), packaged: false, logger, output: () => undefined, vault: { service: "cognito-mfa-kit-start-test" } });
  try {
    assert.equal(auth.service.getState().passwordOptional, undefined);
    await auth.service.signIn({ username: "plain@example.com", password: "Plain-Passw0rd!", remember: false });
    assert.deepEqual(logger.lines.filter((line) => line.event === "sign-in.started").map((line) => line.fields.authFlow), ["USER_SRP_AUTH"]);
  } finally {
    await auth.stop();
  }
});
