import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEMO, PLAIN } from "../support/cognito-fixture.js";
import { startCognitoProxy } from "../support/cognito-proxy.js";
import { assertDone, assertError, assertSession, assertStep } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";

/** SRP, the default: the password never leaves the server; with and without a client secret. */
export function srpCases(env: ContractEnv): void {
  describe("sign-in with SRP", () => {
    test("the default is USER_SRP_AUTH: Cognito sees SRP_A and the verifier, never the password, and the SMS code signs in", async () => {
      const proxy = await startCognitoProxy(env.local.endpoint);
      try {
        await env.withServer(env.options({ cognito: { ...env.options().cognito, endpoint: proxy.endpoint } }), async (server) => {
          const client = env.client(server);
          assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
          assertDone(await client.post("/auth/confirm-sign-in", { challengeResponse: await env.local.codes.nextCode(DEMO.username) }), DEMO.username);
          const initiate = proxy.calls.find((call) => call.operation === "InitiateAuth")!;
          assert.equal(initiate.body.AuthFlow, "USER_SRP_AUTH");
          assert.match(initiate.body.AuthParameters.SRP_A, /^[0-9a-f]+$/);
          assert.ok(initiate.body.AuthParameters.SECRET_HASH, "the app client has a secret: SECRET_HASH is sent");
          const verifier = proxy.calls.find((call) => call.body.ChallengeName === "PASSWORD_VERIFIER")!;
          assert.ok(verifier.body.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE);
          assert.ok(!JSON.stringify(proxy.calls).includes(DEMO.password), "the password is in no call to Cognito");
        });
      } finally {
        await proxy.stop();
      }
    });

    test("SRP with an app client without a secret: no SECRET_HASH, and the sign-in works the same", async () => {
      const proxy = await startCognitoProxy(env.local.endpoint);
      try {
        const cognito = { region: env.local.region, userPoolId: env.local.userPoolId, clientId: env.local.publicClientId, endpoint: proxy.endpoint };
        await env.withServer(env.options({ cognito }), async (server) => {
          const client = env.client(server);
          assertDone(await client.post("/auth/sign-in", PLAIN), PLAIN.username);
          assertSession(await client.get("/auth/session"), PLAIN.username);
          assertSession(await client.post("/auth/refresh"), PLAIN.username);
          const initiate = proxy.calls.find((call) => call.operation === "InitiateAuth")!;
          assert.equal(initiate.body.AuthFlow, "USER_SRP_AUTH");
          assert.equal(initiate.body.AuthParameters.SECRET_HASH, undefined);
          assert.ok(!JSON.stringify(proxy.calls).includes(PLAIN.password));
        });
      } finally {
        await proxy.stop();
      }
    });

    test("authFlow USER_PASSWORD_AUTH still sends the password, for app clients that allow only that", async () => {
      const proxy = await startCognitoProxy(env.local.endpoint);
      try {
        await env.withServer(env.options({ authFlow: "USER_PASSWORD_AUTH", cognito: { ...env.options().cognito, endpoint: proxy.endpoint } }), async (server) => {
          assertDone(await env.client(server).post("/auth/sign-in", PLAIN), PLAIN.username);
          const initiate = proxy.calls.find((call) => call.operation === "InitiateAuth")!;
          assert.equal(initiate.body.AuthFlow, "USER_PASSWORD_AUTH");
          assert.equal(initiate.body.AuthParameters.PASSWORD, PLAIN.password);
        });
      } finally {
        await proxy.stop();
      }
    });

    test("the sign-in body: a password is required outside USER_AUTH, and preferredChallenge needs USER_AUTH", async () => {
      const client = env.client();
      assertError(await client.post("/auth/sign-in", { username: PLAIN.username }), "INVALID_REQUEST");
      assertError(await client.post("/auth/sign-in", { ...PLAIN, preferredChallenge: "PASSWORD" }), "INVALID_REQUEST");
      assertError(await client.post("/auth/sign-in", { ...PLAIN, preferredChallenge: "CARRIER_PIGEON" }), "INVALID_REQUEST");
      assertError(await client.post("/auth/sign-in", { ...PLAIN, password: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
    });

    test("an unknown authFlow is refused at start-up", () => {
      assert.throws(() => env.target.create(env.options({ authFlow: "USER_MAGIC" as never })), /authFlow/);
    });
  });
}
