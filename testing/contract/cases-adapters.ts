import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEMO, PLAIN } from "../support/cognito-fixture.js";
import { assertDone, assertError, assertSession, assertStep, COOKIE, setCookieFor, signInPlain, signInWithSms } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";
import { parseSetCookie, TestClient } from "./test-client.js";

/** The adapter lives inside a host app: other routes are the host's, and a body parser may run first. */
export function adapterCases(env: ContractEnv): void {
  describe("inside the host app", () => {
    test("the host's own routes still answer, and their bodies are left for them", async () => {
      const client = env.client();
      const hello = await client.get("/hello");
      assert.equal(hello.status, 200);
      assert.equal(hello.body, "hello from the host");
      const echo = await client.post("/hello", { any: "thing" });
      assert.equal(echo.status, 200);
      assert.equal(echo.body.host, true);
      // Express and Koa run here without a parser, so their hosts see no parsed body; Node's reads the stream.
      if (env.target.bodyParser) assert.equal(echo.body.body, null);
      else assert.deepEqual(echo.body.body, { any: "thing" });
    });

    test("paths that only look like /auth are not the middleware's", async () => {
      const response = await env.client().post("/authx/sign-in", PLAIN);
      assert.notEqual(response.body?.error?.code, "NOT_AUTHORIZED");
      assert.equal(response.status, 404);
      assert.equal(response.headers.get("set-cookie"), null);
    });

    test("mounted elsewhere (/api/auth), the routes follow the mount (the __Host- challenge cookie keeps Path=/)", async () => {
      await env.withServer(env.options(), async (server) => mountedAt(server.url), { basePath: "/api/auth" });
    });

    if (env.target.name.startsWith("Express")) {
      test("Express: app.use(expressAuth({basePath})) at the app's root serves the routes at basePath only", async () => {
        await env.withServer(env.options(), async (server) => mountedAt(server.url), { basePath: "/api/auth", atRoot: true });
      });
    }

    async function mountedAt(url: string): Promise<void> {
      const client = new TestClient(url);
      const open = await client.post("/api/auth/sign-in", DEMO);
      assertStep(open, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.equal(parseSetCookie(setCookieFor(open, COOKIE.challenge)!).path, "/");
      const done = await client.post("/api/auth/confirm-sign-in", { challengeResponse: await env.local.codes.nextCode(DEMO.username) });
      assertDone(done, DEMO.username);
      assert.equal(parseSetCookie(setCookieFor(done, COOKIE.challenge)!).path, "/", "cleared at the same Path");
      assertSession(await client.get("/api/auth/session"), DEMO.username);
      assert.equal((await client.get("/api/me")).status, 200);
      assert.equal((await client.post("/auth/sign-in", PLAIN)).status, 404, "nothing at the default path");
      assert.equal((await client.get("/hello")).body, "hello from the host");
    }

    if (env.target.bodyParser) {
      test("with the framework's JSON body parser in front, every route works the same", async () => {
        await env.withServer(
          env.options(),
          async (server) => {
            const client = env.client(server);
            await signInWithSms(client, env.local, DEMO);
            assertSession(await client.get("/auth/session"), DEMO.username);
            assertSession(await client.post("/auth/refresh"), DEMO.username);
            assertSession(await client.post("/auth/refresh", {}), DEMO.username);
            assert.equal((await client.get("/api/me")).status, 200);
            assert.equal((await client.post("/auth/sign-out", { global: false })).status, 204);
            assertError(await client.get("/auth/session"), "NOT_SIGNED_IN");
            const echo = await client.post("/hello", { any: "thing" });
            assert.deepEqual(echo.body, { host: true, body: { any: "thing" } }, "the host's parsed body is untouched");
          },
          { bodyParser: true },
        );
      });

      test("with a body parser in front, the contract's limits and checks still hold", async () => {
        await env.withServer(
          env.options(),
          async (server) => {
            const client = env.client(server);
            assertError(await client.post("/auth/sign-in", { username: PLAIN.username, password: "x".repeat(20 * 1024) }), "PAYLOAD_TOO_LARGE");
            assertError(await client.post("/auth/sign-in", { username: PLAIN.username }), "INVALID_REQUEST");
            const form = await client.request("POST", "/auth/sign-in", { body: "username=a&password=b", headers: { "content-type": "application/x-www-form-urlencoded" } });
            assertError(form, "UNSUPPORTED_MEDIA_TYPE");
            assertError(await client.post("/auth/sign-in", PLAIN, { headers: { origin: "https://evil.example" } }), "FORBIDDEN_ORIGIN");
            await signInPlain(client, PLAIN);
          },
          { bodyParser: true },
        );
      });
    }
  });
}
