import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { cookieHeaderFrom } from "../../../../testing/support/cookie-header.js";
import { silentLogger } from "../../../../shared/runtime/logger.js";
import type { LocalCognito } from "../../../../shared/local-cognito/local-cognito.js";
import { startQuietLocalCognito } from "../../../../testing/support/cognito-fixture.js";
import { createAuthCore, type AuthCore } from "../../auth-core.js";

// The account routes for Web-standard hosts: Request in, Response out, through the same core
// the Express, Koa and Node adapters use (their HTTP cases are in testing/contract/cases-account.ts).

let local: LocalCognito;
let core: AuthCore;
before(async () => {
  local = await startQuietLocalCognito();
  core = createAuthCore({
    cognito: { region: local.region, userPoolId: local.userPoolId, clientId: local.serverClient.clientId, clientSecret: local.serverClient.clientSecret, endpoint: local.endpoint },
    logger: silentLogger,
  });
});
after(async () => {
  await core.close();
  await local.stop();
});

const info = (path: string) => ({ path, basePath: "/auth", remoteAddress: "127.0.0.1" });
const request = (method: string, path: string, body?: unknown, cookie = "") =>
  new Request(`http://localhost/auth${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), cookie, host: "localhost" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const send = (method: string, path: string, body?: unknown, cookie = "") => core.handleWeb(request(method, path, body, cookie), info(path));

test("handleWeb: sign up, confirm (signed in by the session chain), read attributes, set up TOTP with no body", async () => {
  const username = `web-${randomUUID().slice(0, 8)}@example.com`;
  const signedUp = await send("POST", "/sign-up", { username, password: "Fresh-Passw0rd!", userAttributes: { email: username } });
  assert.equal(signedUp.status, 200);
  assert.equal((await signedUp.json()).nextStep.signUpStep, "CONFIRM_SIGN_UP");
  let cookie = cookieHeaderFrom(signedUp.headers.getSetCookie());
  const done = await send("POST", "/confirm-sign-up", { username, confirmationCode: await local.codes.nextCode(username) }, cookie);
  assert.equal(done.status, 200);
  assert.deepEqual(await done.json(), { isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
  cookie = cookieHeaderFrom(done.headers.getSetCookie());
  const read = await send("GET", "/user-attributes", undefined, cookie);
  assert.equal(read.status, 200);
  assert.equal(read.headers.get("cache-control"), "no-store");
  assert.equal((await read.json()).userAttributes.email, username);
  const totp = await send("POST", "/set-up-totp", undefined, cookie);
  assert.equal(totp.status, 200);
  assert.deepEqual(Object.keys(await totp.json()).sort(), ["setupUri", "sharedSecret"]);
});

test("handleWeb: a session route without a session is 401 NOT_SIGNED_IN; GET on a POST route is 405", async () => {
  const response = await send("GET", "/mfa-preference");
  assert.equal(response.status, 401);
  assert.equal((await response.json()).error.code, "NOT_SIGNED_IN");
  const wrongMethod = await send("GET", "/reset-password");
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.get("allow"), "POST");
});
