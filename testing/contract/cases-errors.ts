import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, test } from "node:test";
import { DEMO, PLAIN, wrongCodeFor } from "../support/cognito-fixture.js";
import { assertError, assertStep, COOKIE, signInPlain } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";

/** Each error code of the contract that this setup can produce, with its status and body. */
export function errorCases(env: ContractEnv): void {
  describe("errors", () => {
    test("INVALID_REQUEST: a body that is not JSON", async () => {
      const response = await env.client().request("POST", "/auth/sign-in", { body: "{not json", headers: { "content-type": "application/json" } });
      assertError(response, "INVALID_REQUEST");
    });

    test("INVALID_REQUEST: missing, mistyped and over-long fields, and a body that is not an object", async () => {
      const client = env.client();
      for (const body of [{ username: PLAIN.username }, { username: 42, password: "x" }, { username: "a".repeat(129), password: "x" }, [PLAIN], "text"]) {
        assertError(await client.post("/auth/sign-in", body), "INVALID_REQUEST");
      }
      assertError(await client.post("/auth/confirm-sign-in", {}), "INVALID_REQUEST");
      assertError(await client.post("/auth/sign-out", { global: "yes" }), "INVALID_REQUEST");
    });

    test("INVALID_REQUEST: a code that is not 6 digits costs no attempt", async () => {
      const client = env.client();
      assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      const code = await env.local.codes.nextCode(DEMO.username);
      for (const bad of ["12345", "1234567", "12a456"]) assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: bad }), "INVALID_REQUEST");
      const wrong = await client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(code) });
      assert.equal(wrong.body.error.attemptsLeft, 4, "only the real guess counted");
    });

    test("METHOD_NOT_ALLOWED: GET /auth/sign-in is 405 with Allow: POST, POST /auth/session with Allow: GET, HEAD", async () => {
      const client = env.client();
      const get = await client.get("/auth/sign-in");
      assertError(get, "METHOD_NOT_ALLOWED");
      assert.equal(get.headers.get("allow"), "POST");
      const post = await client.post("/auth/session", {});
      assertError(post, "METHOD_NOT_ALLOWED");
      assert.equal(post.headers.get("allow"), "GET, HEAD");
    });

    test("HEAD /auth/session answers like GET, without a body", async () => {
      const head = await fetch(`${env.server.url}/auth/session`, { method: "HEAD" });
      assert.equal(head.status, 401);
      assert.equal(head.headers.get("cache-control"), "no-store");
      assert.equal(await head.text(), "");
    });

    test("PAYLOAD_TOO_LARGE: a body over 16 KiB", async () => {
      const response = await env.client().post("/auth/sign-in", { username: PLAIN.username, password: "x".repeat(17 * 1024) });
      assertError(response, "PAYLOAD_TOO_LARGE");
    });

    test("PAYLOAD_TOO_LARGE: a chunked body over 16 KiB (no Content-Length) is cut off too", async () => {
      const chunk = new TextEncoder().encode(`{"username":"${"u".repeat(9000)}",`);
      const tail = new TextEncoder().encode(`"password":"${"p".repeat(9000)}"}`);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(chunk);
          controller.enqueue(tail);
          controller.close();
        },
      });
      const response = await env.client().request("POST", "/auth/sign-in", { body: stream, headers: { "content-type": "application/json" } });
      assertError(response, "PAYLOAD_TOO_LARGE");
    });

    test("UNSUPPORTED_MEDIA_TYPE: a POST body that is not application/json", async () => {
      const client = env.client();
      const form = await client.request("POST", "/auth/sign-in", { body: "username=a&password=b", headers: { "content-type": "application/x-www-form-urlencoded" } });
      assertError(form, "UNSUPPORTED_MEDIA_TYPE");
      const text = await client.request("POST", "/auth/sign-in", { body: JSON.stringify(PLAIN), headers: { "content-type": "text/plain" } });
      assertError(text, "UNSUPPORTED_MEDIA_TYPE");
    });

    test("FORBIDDEN_ORIGIN: a foreign Origin, Origin: null, and Sec-Fetch-Site: cross-site", async () => {
      const client = env.client();
      const crossSite: Array<Record<string, string>> = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }];
      for (const headers of crossSite) {
        assertError(await client.post("/auth/sign-in", PLAIN, { headers }), "FORBIDDEN_ORIGIN");
      }
    });

    test("the server's own Origin passes, and so does an origin listed in allowedOrigins", async () => {
      const client = env.client();
      const own = await client.post("/auth/sign-in", PLAIN, { headers: { origin: env.server.url, "sec-fetch-site": "same-origin" } });
      assert.equal(own.status, 200);
      await env.withServer(env.options({ allowedOrigins: ["http://localhost:5173"] }), async (server) => {
        const listed = await env.client(server).post("/auth/sign-in", PLAIN, { headers: { origin: "http://localhost:5173", "sec-fetch-site": "same-site" } });
        assert.equal(listed.status, 200);
      });
    });

    test("NOT_AUTHORIZED: a wrong password and an unknown user get the same answer", async () => {
      const client = env.client();
      const wrong = await client.post("/auth/sign-in", { username: PLAIN.username, password: "Wrong-Passw0rd!" });
      const unknown = await client.post("/auth/sign-in", { username: "nobody@example.com", password: "Wrong-Passw0rd!" });
      assertError(wrong, "NOT_AUTHORIZED");
      assertError(unknown, "NOT_AUTHORIZED");
      assert.deepEqual(wrong.body, unknown.body);
    });

    test("CHALLENGE_EXPIRED: answering with no challenge open", async () => {
      assertError(await env.client().post("/auth/confirm-sign-in", { challengeResponse: "123456" }), "CHALLENGE_EXPIRED");
    });

    test("CHALLENGE_EXPIRED: answering after the challenge ran out", async () => {
      await env.withServer(env.options({ challengeTtlMs: 1000 }), async (server) => {
        const client = env.client(server);
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        const code = await env.local.codes.nextCode(DEMO.username);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        // The cookie's own Max-Age ran out too; a client that kept it anyway is refused by the server.
        const response = await client.post("/auth/confirm-sign-in", { challengeResponse: code });
        assertError(response, "CHALLENGE_EXPIRED");
      });
    });

    test("CODE_MISMATCH then CHALLENGE_EXPIRED: the last allowed wrong code closes the challenge", async () => {
      await env.withServer(env.options({ limits: { wrongCodesPerChallenge: 2 } }), async (server) => {
        const client = env.client(server);
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        const code = await env.local.codes.nextCode(DEMO.username);
        const first = await client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(code) });
        assert.equal(first.body.error.attemptsLeft, 1);
        const kept = client.clone();
        const last = await client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(code) });
        assertError(last, "CODE_MISMATCH");
        assert.equal(last.body.error.attemptsLeft, 0);
        assert.equal(client.cookie(COOKIE.challenge), undefined, "the closed challenge's cookie is cleared");
        assertError(await kept.post("/auth/confirm-sign-in", { challengeResponse: code }), "CHALLENGE_EXPIRED");
      });
    });

    test("RATE_LIMITED: too many sign-ins from one IP, with Retry-After", async () => {
      await env.withServer(env.options({ limits: { signInsPerIp: { points: 2, durationSeconds: 60 } } }), async (server) => {
        const client = env.client(server);
        await signInPlain(client, PLAIN);
        await signInPlain(client, PLAIN);
        const third = await client.post("/auth/sign-in", PLAIN);
        assertError(third, "RATE_LIMITED");
        assert.ok(third.body.error.retryAfter <= 60);
      });
    });

    test("RATE_LIMITED: too many codes sent to one account", async () => {
      await env.withServer(env.options({ limits: { codesSentPerAccount: { points: 1, durationSeconds: 3600 } } }), async (server) => {
        const client = env.client(server);
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        await env.local.codes.nextCode(DEMO.username);
        const sent = env.local.codes.countFor(DEMO.username);
        assertError(await client.post("/auth/sign-in", DEMO), "RATE_LIMITED");
        assert.equal(env.local.codes.countFor(DEMO.username), sent, "no SMS went out for the refused sign-in");
      });
    });

    test("RATE_LIMITED: too many wrong codes for one account across sign-ins", async () => {
      await env.withServer(env.options({ limits: { wrongCodesPerAccount: { points: 2, durationSeconds: 900 } } }), async (server) => {
        const client = env.client(server);
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        const code = await env.local.codes.nextCode(DEMO.username);
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(code) }), "CODE_MISMATCH");
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(code) }), "CODE_MISMATCH");
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: code }), "RATE_LIMITED");
        assertError(await client.post("/auth/sign-in", DEMO), "RATE_LIMITED");
      });
    });

    test("UPSTREAM_UNAVAILABLE: Cognito cannot be reached (503 with Retry-After)", async () => {
      const closedPort = await freePort();
      const options = env.options();
      const cognito = { ...options.cognito, endpoint: `http://127.0.0.1:${closedPort}`, timeoutMs: 1000, maxAttempts: 1 };
      await env.withServer({ ...options, cognito }, async (server) => {
        const started = Date.now();
        assertError(await env.client(server).post("/auth/sign-in", PLAIN), "UPSTREAM_UNAVAILABLE");
        assert.ok(Date.now() - started < 3000, "answered within the timeout, not hung");
      });
    });

    test("INTERNAL: a wrong client secret is our misconfiguration (500, no details)", async () => {
      const options = env.options();
      await env.withServer({ ...options, cognito: { ...options.cognito, clientSecret: "not-the-secret" } }, async (server) => {
        const response = await env.client(server).post("/auth/sign-in", PLAIN);
        assertError(response, "INTERNAL");
        assert.doesNotMatch(JSON.stringify(response.body), /secret|hash|Exception/i);
      });
    });
  });
}

/** A loopback port nothing listens on (bound, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
