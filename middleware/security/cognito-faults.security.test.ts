import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import { DEMO, PLAIN, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { ERROR_CODES } from "../../shared/errors/error-codes.js";
import type { HttpResult } from "../../testing/security/http-client.js";
import { answer, CookieBox, openSmsChallenge, startAuthServer, startCognitoBench, withAuthServer, type AuthServer, type CognitoBench, type ServerOptions } from "../../testing/security/security-harness.js";

// Security checks 17–20 (Cognito faults). Faults are injected on the wire by a loopback proxy
// in front of the local Cognito, so the AWS SDK's own retries, timeouts and error parsing run
// as they would against AWS. Each test names the real behaviour its fault stands for.

let bench: CognitoBench;
before(async () => {
  bench = await startCognitoBench();
});
after(() => bench.stop());

const withServer = (options: ServerOptions, body: (server: AuthServer) => Promise<void>) => withAuthServer(bench, options, body);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function assertUnavailable(result: HttpResult): void {
  assert.equal(result.status, 503, result.text);
  assert.equal(result.json.error.code, "UPSTREAM_UNAVAILABLE");
  const retryAfter = Number(result.headers["retry-after"]);
  assert.ok(retryAfter >= 1, "Retry-After is set");
  assert.equal(result.json.error.retryAfter, retryAfter);
}

const TIMEOUT_MS = 1000;
const MARGIN_MS = 1000;

describe("check 17: Cognito unreachable or silent", () => {
  test("connection refused → 503 with Retry-After within the timeout plus a margin", async () => {
    // Stands for a Cognito endpoint that cannot be reached (network down, wrong VPC endpoint).
    const server = await startAuthServer(bench, { cognito: { endpoint: `http://127.0.0.1:${await closedPort()}`, timeoutMs: TIMEOUT_MS } });
    try {
      const result = await server.send("/auth/sign-in", { json: PLAIN });
      assertUnavailable(result);
      assert.ok(result.ms < TIMEOUT_MS + MARGIN_MS, `answered in ${Math.round(result.ms)} ms`);
      assert.equal(result.setCookies.length, 0);
    } finally {
      await server.close();
    }
  });

  test("no answer → 503 within the timeout plus a margin, while another route still answers at once", () =>
    withServer({ cognito: { timeoutMs: TIMEOUT_MS } }, async (server) => {
      // Stands for a Cognito that accepts the connection and never answers (a black-holed route).
      bench.proxy.setFault((call) => (call.operation === "InitiateAuth" ? { stall: true } : undefined));
      const pending = server.send("/auth/sign-in", { json: PLAIN });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const other = await server.send("/auth/session");
      assert.equal(other.status, 401);
      assert.ok(other.ms < 500, `GET /auth/session took ${Math.round(other.ms)} ms while Cognito stalled`);
      const result = await pending;
      assertUnavailable(result);
      assert.ok(result.ms >= TIMEOUT_MS - 50 && result.ms < TIMEOUT_MS + MARGIN_MS, `answered in ${Math.round(result.ms)} ms`);
    }));

  test("no answer to a code → 503, and the challenge stays open with every attempt left", () =>
    withServer({ cognito: { timeoutMs: TIMEOUT_MS } }, async (server) => {
      const box = new CookieBox();
      const code = await openSmsChallenge(server, bench, box);
      bench.proxy.setFault((call) => (call.operation === "RespondToAuthChallenge" ? { stall: true } : undefined));
      const stalled = await answer(server, box, code);
      assertUnavailable(stalled);
      assert.ok(stalled.ms < TIMEOUT_MS + MARGIN_MS);
      bench.proxy.setFault(undefined);
      assert.equal((await answer(server, box, wrongCodeFor(code))).json.error.attemptsLeft, 4, "the stalled answer used no attempt");
      assert.equal((await answer(server, box, code)).json.nextStep.signInStep, "DONE");
    }));
});

describe("check 18: throttling and 5xx get bounded retries, then 503", () => {
  const faults = [
    ["TooManyRequestsException (Cognito's per-pool request quota)", { error: "TooManyRequestsException", message: "Rate exceeded", status: 400 }],
    ["InternalErrorException (a Cognito 500)", { error: "InternalErrorException", message: "Internal error", status: 500 }],
  ] as const;
  for (const [behaviour, fault] of faults) {
    test(`${behaviour} → retried at most maxAttempts times, then 503`, () =>
      withServer({ cognito: { maxAttempts: 3 } }, async (server) => {
        bench.proxy.setFault((call) => (call.operation === "InitiateAuth" ? fault : undefined));
        const before = bench.proxy.count("InitiateAuth");
        const result = await server.send("/auth/sign-in", { json: PLAIN });
        assertUnavailable(result);
        const attempts = bench.proxy.count("InitiateAuth") - before;
        assert.ok(attempts >= 2 && attempts <= 3, `${attempts} attempts`);
        assert.ok(result.ms < 5000 + MARGIN_MS, `answered in ${Math.round(result.ms)} ms`);
        assert.equal(result.text.includes(fault.message), false, "Cognito's message is not echoed");
      }));
  }

  test("a 5xx on a code answer is 503 and uses no attempt", () =>
    withServer({ cognito: { maxAttempts: 2 } }, async (server) => {
      const box = new CookieBox();
      const code = await openSmsChallenge(server, bench, box);
      bench.proxy.setFault((call) => (call.operation === "RespondToAuthChallenge" ? { error: "InternalErrorException", message: "Internal error", status: 500 } : undefined));
      assertUnavailable(await answer(server, box, code));
      bench.proxy.setFault(undefined);
      assert.equal((await answer(server, box, wrongCodeFor(code))).json.error.attemptsLeft, 4);
    }));
});

describe("check 19: one answer for every credential failure", () => {
  test('"Password attempts exceeded" looks exactly like a wrong password and an unknown user', () =>
    withServer({}, async (server) => {
      // Stands for Cognito's lockout after repeated wrong passwords (NotAuthorizedException).
      bench.proxy.setFault((call) =>
        call.operation === "InitiateAuth" && call.body.AuthParameters?.USERNAME === DEMO.username
          ? { error: "NotAuthorizedException", message: "Password attempts exceeded" }
          : undefined,
      );
      const locked = await server.send("/auth/sign-in", { json: DEMO });
      const wrongPassword = await server.send("/auth/sign-in", { json: { ...PLAIN, password: "Wrong-Passw0rd!" } });
      const unknownUser = await server.send("/auth/sign-in", { json: { username: "nobody@example.com", password: "Wrong-Passw0rd!" } });
      const shape = (result: HttpResult) => ({
        status: result.status,
        body: result.json,
        headers: Object.keys(result.headers).filter((name) => !["x-request-id", "date"].includes(name)).sort(),
        setCookies: result.setCookies.length,
      });
      assert.equal(locked.status, 401);
      assert.equal(locked.json.error.code, "NOT_AUTHORIZED");
      assert.deepEqual(shape(locked), shape(wrongPassword));
      assert.deepEqual(shape(unknownUser), shape(wrongPassword));
      assert.equal(locked.text.includes("attempts"), false);
    }));
});

describe("check 20: configuration faults are 500 INTERNAL, not echoed, logged loudly", () => {
  test("ResourceNotFoundException (a deleted pool or a wrong pool id) → 500 INTERNAL", () =>
    withServer({}, async (server) => {
      const message = `User pool ${bench.local.userPoolId} does not exist.`;
      bench.proxy.setFault((call) => (call.operation === "InitiateAuth" ? { error: "ResourceNotFoundException", message } : undefined));
      const result = await server.send("/auth/sign-in", { json: PLAIN });
      assert.equal(result.status, 500);
      assert.deepEqual(result.json, { error: { code: "INTERNAL", message: ERROR_CODES.INTERNAL.message } });
      assert.equal(result.text.includes(bench.local.userPoolId), false);
      const logged = server.logger.lines.filter((line) => line.level === "error");
      assert.ok(logged.some((line) => String(line.fields.cause).includes("ResourceNotFoundException") && line.fields.requestId === result.headers["x-request-id"]), JSON.stringify(logged));
    }));

  test("a wrong client secret → 500 INTERNAL, not a 401 the user would blame themselves for", async () => {
    // The local Cognito's strict layer checks SECRET_HASH as Cognito does.
    const server = await startAuthServer(bench, { cognito: { clientSecret: "not-the-secret" } });
    try {
      const result = await server.send("/auth/sign-in", { json: PLAIN });
      assert.equal(result.status, 500);
      assert.equal(result.json.error.code, "INTERNAL");
      assert.equal(result.json.error.message, ERROR_CODES.INTERNAL.message);
      assert.equal(/secret|hash|client/i.test(result.text), false, result.text);
      assert.equal(result.text.includes(bench.local.serverClient.clientId), false);
      const logged = server.logger.lines.filter((line) => line.level === "error");
      assert.ok(logged.some((line) => /secret hash/i.test(String(line.fields.cause))), JSON.stringify(logged));
      assert.equal(JSON.stringify(server.logger.lines).includes("not-the-secret"), false, "the secret itself is not logged");
    } finally {
      await server.close();
    }
  });

  test("a malformed Cognito answer creates no session", () =>
    withServer({}, async (server) => {
      // Stands for a proxy or SDK mismatch returning tokens without an ID token.
      bench.proxy.setFault((call) =>
        call.operation === "InitiateAuth" ? { rewrite: (body) => ({ AuthenticationResult: { AccessToken: body.AuthenticationResult?.AccessToken } }) } : undefined,
      );
      const result = await server.send("/auth/sign-in", { json: PLAIN });
      assert.equal(result.status, 500);
      assert.equal(result.json.error.code, "INTERNAL");
      assert.equal(result.setCookies.length, 0);
      assert.ok(server.logger.lines.some((line) => line.level === "error"));
    }));
});
