import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cookieHeaderFrom } from "../../testing/support/cookie-header.js";
import { silentLogger } from "../../shared/runtime/logger.js";
import type { LocalCognito } from "../../shared/local-cognito/local-cognito.js";
import { DEMO, startQuietLocalCognito } from "../../testing/support/cognito-fixture.js";
import { createAuthCore, type AuthCore } from "./auth-core.js";

// For Web-standard hosts (Hono, Next.js route handlers, Deno…): Request in, Response out,
// through the same core the Node adapters use, on the local Cognito.

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
const post = (path: string, body: unknown, cookie = "") =>
  new Request(`http://localhost/auth${path}`, { method: "POST", headers: { "content-type": "application/json", cookie, host: "localhost" }, body: JSON.stringify(body) });

test("handleWeb runs the SMS sign-in with Web Request and Response, cookies kept apart", async () => {
  const opened = await core.handleWeb(post("/sign-in", DEMO), info("/sign-in"));
  assert.equal(opened.status, 200);
  assert.equal((await opened.json()).nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
  assert.equal(opened.headers.get("cache-control"), "no-store");
  const cookie = cookieHeaderFrom(opened.headers.getSetCookie());
  const done = await core.handleWeb(post("/confirm-sign-in", { challengeResponse: await local.codes.nextCode(DEMO.username) }, cookie), info("/confirm-sign-in"));
  assert.equal(done.status, 200);
  assert.equal((await done.json()).isSignedIn, true);
  assert.deepEqual(
    done.headers.getSetCookie().map((line) => line.split("=")[0]),
    ["__Host-cmk-access", "__Host-cmk-id", "__Host-cmk-refresh", "__Host-cmk-challenge", "__Host-cmk-device"],
  );
});

test("handleWeb refuses a body over 16 KiB streamed without a Content-Length", async () => {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 20; i += 1) controller.enqueue(new Uint8Array(1024).fill(32));
      controller.close();
    },
  });
  const request = new Request("http://localhost/auth/sign-in", { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" }, body, duplex: "half" } as RequestInit);
  const response = await core.handleWeb(request, info("/sign-in"));
  assert.equal(response.status, 413);
  assert.equal((await response.json()).error.code, "PAYLOAD_TOO_LARGE");
});
