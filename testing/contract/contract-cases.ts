import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, PLAIN } from "../support/cognito-fixture.js";
import { assertError, assertSession, signInPlain, signInWithSms } from "./assertions.js";
import { accountCases } from "./cases-account.js";
import { adapterCases } from "./cases-adapters.js";
import { bodyTransportCases } from "./cases-body-transport.js";
import { cookieCases } from "./cases-cookies.js";
import { errorCases } from "./cases-errors.js";
import { guardCases } from "./cases-guard.js";
import { integrationCases } from "./cases-integration.js";
import { optionCases } from "./cases-options.js";
import { routeCases } from "./cases-routes.js";
import { stepCases } from "./cases-steps.js";
import { deviceCases } from "./cases-devices.js";
import { newStepCases } from "./cases-new-steps.js";
import { resendCases } from "./cases-resend.js";
import { srpCases } from "./cases-srp.js";
import { useContractEnv, type ContractTarget } from "./contract-env.js";

/**
 * The whole contract against one framework: the same cases for Express, Koa and Node http,
 * over real loopback HTTP with the local Cognito behind the server.
 */
export function runContractSuite(target: ContractTarget): void {
  describe(`contract on ${target.name}`, () => {
    const env = useContractEnv(target);
    routeCases(env);
    stepCases(env);
    errorCases(env);
    cookieCases(env);
    guardCases(env);
    bodyTransportCases(env);
    adapterCases(env);
    optionCases(env);
    integrationCases(env);
    accountCases(env);
    srpCases(env);
    newStepCases(env);
    resendCases(env);
    deviceCases(env);
  });
}

/** A smaller pass for an older major of a framework (Express 4, Koa 2). */
export function runSmokeSuite(target: ContractTarget): void {
  describe(`contract smoke on ${target.name}`, () => {
    const env = useContractEnv(target);

    test("SMS sign-in, session, the guarded route, refresh and sign-out over real HTTP", async () => {
      const client = env.client();
      assertError(await client.get("/api/me"), "NOT_SIGNED_IN");
      await signInWithSms(client, env.local, DEMO);
      assertSession(await client.get("/auth/session"), DEMO.username);
      const me = await client.get("/api/me");
      assert.equal(me.body.user.username, DEMO.username);
      assertSession(await client.post("/auth/refresh"), DEMO.username);
      assert.equal((await client.post("/auth/sign-out")).status, 204);
      assertError(await client.get("/auth/session"), "NOT_SIGNED_IN");
    });

    test("errors keep the contract's shape (405 with Allow, 415, 401 NOT_AUTHORIZED)", async () => {
      const client = env.client();
      const get = await client.get("/auth/sign-in");
      assertError(get, "METHOD_NOT_ALLOWED");
      assert.equal(get.headers.get("allow"), "POST");
      assertError(await client.request("POST", "/auth/sign-in", { body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } }), "UNSUPPORTED_MEDIA_TYPE");
      assertError(await client.post("/auth/sign-in", { ...PLAIN, password: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
    });

    test("works with the JSON body parser in front and leaves the host's routes alone", async () => {
      await env.withServer(
        env.options(),
        async (server) => {
          const client = env.client(server);
          await signInPlain(client, PLAIN);
          assertSession(await client.get("/auth/session"), PLAIN.username);
          assertError(await client.post("/auth/sign-in", { username: PLAIN.username, password: "x".repeat(20 * 1024) }), "PAYLOAD_TOO_LARGE");
          assert.equal((await client.get("/hello")).body, "hello from the host");
          assert.deepEqual((await client.post("/hello", { a: 1 })).body, { host: true, body: { a: 1 } });
        },
        { bodyParser: true },
      );
    });
  });
}
