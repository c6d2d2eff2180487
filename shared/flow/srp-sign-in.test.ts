import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createFlow, type Flow } from "./flow.js";
import type { SignInOutcome } from "./outcome.js";
import { AuthError } from "../errors/auth-error.js";
import type { LocalCognito } from "../local-cognito/local-cognito.js";
import { createSdkCognitoPort } from "../cognito/sdk-cognito-port.js";
import { DEMO, PLAIN, publicPort, serverPort, startQuietLocalCognito } from "../../testing/support/cognito-fixture.js";

// USER_SRP_AUTH through the real SDK to the local Cognito, which checks the password claim.
let local: LocalCognito;
let server: Flow;
let desktop: Flow;
before(async () => {
  local = await startQuietLocalCognito();
  server = createFlow({ cognito: serverPort(local) });
  desktop = createFlow({ cognito: publicPort(local) });
});
after(() => local.stop());

function challengeOf(outcome: SignInOutcome) {
  return outcome.status === "challenge" ? outcome.challenge : assert.fail(`expected a challenge, got ${outcome.status}`);
}

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => error instanceof AuthError && error.code === code);
}

describe("USER_SRP_AUTH", () => {
  test("is the default when the port knows its user pool, and USER_PASSWORD_AUTH when it does not", () => {
    assert.equal(server.authFlow, "USER_SRP_AUTH");
    const noPool = createFlow({ cognito: createSdkCognitoPort({ region: local.region, endpoint: local.endpoint, clientId: local.publicClientId }) });
    assert.equal(noPool.authFlow, "USER_PASSWORD_AUTH");
  });

  test("asking for SRP without a user pool id fails at start-up", () => {
    const port = createSdkCognitoPort({ region: local.region, endpoint: local.endpoint, clientId: local.publicClientId });
    assert.throws(() => createFlow({ cognito: port, authFlow: "USER_SRP_AUTH" }), /userPoolId/);
    assert.throws(() => createFlow({ cognito: port, authFlow: "USER_PASSWORD" as never }), /authFlow/);
  });

  for (const [client, flow] of [
    ["the server client (SECRET_HASH of the typed name, then of USER_ID_FOR_SRP)", () => server],
    ["the public client (no secret)", () => desktop],
  ] as const) {
    test(`signs in a user without MFA on ${client}`, async () => {
      const outcome = await flow().signIn(PLAIN);
      assert.equal(outcome.status, "signed-in");
      if (outcome.status !== "signed-in") return;
      assert.equal(outcome.cognitoUsername, PLAIN.username);
      assert.equal(outcome.user.username, PLAIN.username);
    });

    test(`SMS MFA after SRP on ${client}: the code step, then DONE`, async () => {
      const challenge = challengeOf(await flow().signIn(DEMO));
      assert.equal(challenge.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.equal(challenge.cognitoUsername, DEMO.username);
      const done = await flow().confirm(challenge, { challengeResponse: await local.codes.nextCode(DEMO.username) });
      assert.equal(done.status, "signed-in");
    });
  }

  test("a wrong password is NOT_AUTHORIZED, and an unknown user gets the same", async () => {
    await rejectsWith(server.signIn({ username: PLAIN.username, password: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
    await rejectsWith(server.signIn({ username: "nobody@example.com", password: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
  });

  test("a sign-in without a password is INVALID_REQUEST before Cognito is asked", async () => {
    await rejectsWith(server.signIn({ username: PLAIN.username }), "INVALID_REQUEST");
    await rejectsWith(server.signIn({ ...PLAIN, preferredChallenge: "PASSWORD" }), "INVALID_REQUEST");
  });

  test("USER_PASSWORD_AUTH still works when asked for, per flow or per sign-in", async () => {
    const passwordFlow = createFlow({ cognito: serverPort(local), authFlow: "USER_PASSWORD_AUTH" });
    assert.equal((await passwordFlow.signIn(PLAIN)).status, "signed-in");
    assert.equal((await server.signIn({ ...PLAIN, authFlow: "USER_PASSWORD_AUTH" })).status, "signed-in");
  });
});

describe("the codes-sent hook", () => {
  test("is called once with Cognito's name after PASSWORD_VERIFIER, before the SMS is sent", async () => {
    const sentBefore = local.codes.countFor(DEMO.username);
    const calls: Array<{ username: string; source: string; codesSoFar: number }> = [];
    const outcome = await server.signIn({
      ...DEMO,
      beforeCodeMaySend: async (account) => {
        calls.push({ ...account, codesSoFar: local.codes.countFor(DEMO.username) });
      },
    });
    assert.deepEqual(calls, [{ username: DEMO.username, source: "cognito", codesSoFar: sentBefore }]);
    assert.equal(local.codes.countFor(DEMO.username), sentBefore + 1, "the code went out after the hook");
    assert.equal(challengeOf(outcome).cognitoUsername, DEMO.username);
    await local.codes.nextCode(DEMO.username);
  });

  test("a hook that refuses (the budget is spent) stops the sign-in before any code is sent", async () => {
    const sentBefore = local.codes.countFor(DEMO.username);
    await rejectsWith(
      server.signIn({
        ...DEMO,
        beforeCodeMaySend: async () => {
          throw new AuthError("RATE_LIMITED", { retryAfter: 60 });
        },
      }),
      "RATE_LIMITED",
    );
    assert.equal(local.codes.countFor(DEMO.username), sentBefore, "no SMS went out");
  });

  test("a wrong password reaches the hook too, then NOT_AUTHORIZED: the caller refunds what it took", async () => {
    // With SRP the password is proven by the very answer that sends the code, so the hook runs
    // first; the caller gives the code back when no code was sent.
    let called = 0;
    await rejectsWith(
      server.signIn({ username: DEMO.username, password: "Wrong-Passw0rd!", beforeCodeMaySend: async () => void called++ }),
      "NOT_AUTHORIZED",
    );
    assert.equal(called, 1);
  });

  test("with USER_PASSWORD_AUTH it comes before InitiateAuth, with the typed name", async () => {
    const calls: Array<{ username: string; source: string }> = [];
    const outcome = await server.signIn({ ...DEMO, authFlow: "USER_PASSWORD_AUTH", beforeCodeMaySend: async (account) => void calls.push(account) });
    assert.deepEqual(calls, [{ username: DEMO.username, source: "typed" }]);
    challengeOf(outcome);
    await local.codes.nextCode(DEMO.username);
  });
});
