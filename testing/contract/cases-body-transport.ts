import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEMO, PLAIN, wrongCodeFor } from "../support/cognito-fixture.js";
import { assertDone, assertError, assertSession, assertStep } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";
import type { TestResponse } from "./test-client.js";

/** tokenTransport "body": for non-browser clients, tokens and the challenge id travel in JSON. */
export function bodyTransportCases(env: ContractEnv): void {
  describe("token transport body", () => {
    test("sign-in, confirm with challengeToken, session by Bearer, refresh and sign-out work without any cookie", async () => {
      await env.withServer(env.options({ tokenTransport: "body" }), async (server) => {
        const client = env.client(server);
        const answers: TestResponse[] = [];
        const send = async (promise: Promise<TestResponse>) => {
          const response = await promise;
          answers.push(response);
          return response;
        };

        const open = await send(client.post("/auth/sign-in", DEMO));
        assertStep(open, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        assert.match(open.body.challengeToken, /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/, "the challenge id and its stash key");
        assert.equal(open.body.tokens, undefined);
        const code = await env.local.codes.nextCode(DEMO.username);

        const wrong = await send(client.post("/auth/confirm-sign-in", { challengeResponse: wrongCodeFor(code), challengeToken: open.body.challengeToken }));
        assertError(wrong, "CODE_MISMATCH");
        assertError(await send(client.post("/auth/confirm-sign-in", { challengeResponse: code })), "CHALLENGE_EXPIRED");

        const done = await send(client.post("/auth/confirm-sign-in", { challengeResponse: code, challengeToken: open.body.challengeToken }));
        assertDone(done, DEMO.username);
        const { tokens } = done.body;
        assert.equal(typeof tokens.accessToken, "string");
        assert.equal(typeof tokens.idToken, "string");
        assert.equal(typeof tokens.refreshToken, "string");
        assert.equal(typeof tokens.expiresIn, "number");
        assert.equal(done.body.challengeToken, undefined);

        const bearer = { authorization: `Bearer ${tokens.accessToken}` };
        assertSession(await send(client.get("/auth/session", { headers: bearer })), DEMO.username);
        assert.equal((await send(client.get("/api/me", { headers: bearer }))).status, 200);

        const refreshed = await send(client.post("/auth/refresh", { refreshToken: tokens.refreshToken, username: done.body.user.username }));
        assertSession(refreshed, DEMO.username);
        assert.equal(typeof refreshed.body.tokens.accessToken, "string");
        assertError(await send(client.post("/auth/refresh", {})), "INVALID_REQUEST");

        const out = await send(client.post("/auth/sign-out", { refreshToken: tokens.refreshToken, accessToken: tokens.accessToken }));
        assert.equal(out.status, 204);
        assertError(await send(client.get("/auth/session", { headers: bearer })), "NOT_SIGNED_IN");
        assertError(await send(client.post("/auth/refresh", { refreshToken: tokens.refreshToken, username: done.body.user.username })), "NOT_SIGNED_IN");

        for (const answer of answers) assert.deepEqual(answer.setCookies, [], `no Set-Cookie on a ${answer.status}`);
        assert.equal(client.jar.size, 0);
      });
    });

    test("a user without MFA gets DONE with tokens at once", async () => {
      await env.withServer(env.options({ tokenTransport: "body" }), async (server) => {
        const response = await env.client(server).post("/auth/sign-in", PLAIN);
        assertDone(response, PLAIN.username);
        assert.ok(response.body.tokens.accessToken);
        assert.deepEqual(response.setCookies, []);
      });
    });
  });
}
