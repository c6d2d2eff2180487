import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, test } from "node:test";
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient, CreateGroupCommand, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { pino } from "pino";
import { AuthOptionsError } from "../../middleware/core/options.js";
import type { AuthEvent } from "../../middleware/events/auth-event.js";
import { createMemoryLogger } from "../../shared/runtime/logger.js";
import { DEMO, PLAIN } from "../support/cognito-fixture.js";
import { assertError, assertStep, COOKIE, signInPlain, signInWithSms } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";

/** Day-two integration: requireAuth's options, the events, the host's logger and proxy setting. */
export function integrationCases(env: ContractEnv): void {
  describe("requireAuth options", () => {
    test("groups: a signed-in user in none of them is 403 FORBIDDEN; a member passes", async () => {
      const demo = env.client();
      await signInWithSms(demo, env.local, DEMO);
      assertError(await demo.get("/api/admin"), "FORBIDDEN");
      await addToGroup(env, PLAIN.username, "admins");
      const plain = env.client();
      await signInPlain(plain, PLAIN);
      const admin = await plain.get("/api/admin");
      assert.equal(admin.status, 200);
      assert.equal(admin.body.user.username, PLAIN.username);
      assertError(await env.client().get("/api/admin"), "NOT_SIGNED_IN");
    });

    test("scopes: every scope must be in the verified token's scope, else 403 FORBIDDEN", async () => {
      const client = env.client();
      await signInPlain(client, PLAIN);
      assertError(await client.get("/api/scoped"), "FORBIDDEN");
      assert.equal((await client.get("/api/own-scope")).status, 200);
    });

    test("optional: signed out passes with no user (no 401); signed in gets the user", async () => {
      const anonymous = await env.client().get("/api/maybe");
      assert.equal(anonymous.status, 200);
      assert.equal(anonymous.body.user, null);
      const client = env.client();
      await signInPlain(client, PLAIN);
      assert.equal((await client.get("/api/maybe")).body.user.username, PLAIN.username);
      // A forged token is no user either.
      assert.equal((await env.client().get("/api/maybe", { headers: { authorization: "Bearer made.up.token" } })).body.user, null);
    });

    if (env.target.name.startsWith("Express")) {
      test('Express onError: "next" hands the AuthError to the app\'s error handler', async () => {
        const response = await env.client().get("/api/next");
        assert.equal(response.status, 418);
        assert.deepEqual(response.body, { handledByApp: "NOT_SIGNED_IN" });
        const client = env.client();
        await signInPlain(client, PLAIN);
        assert.equal((await client.get("/api/next")).body.user.username, PLAIN.username);
      });
    }

    test("bad requireAuth options fail when requireAuth is called, naming the option", () => {
      const auth = env.target.create(env.options());
      const guard = auth as unknown as { requireAuth(...args: unknown[]): unknown };
      try {
        if (env.target.name === "Node http") return; // nodeAuth's requireAuth(req, res, options) checks on first use
        assert.throws(() => guard.requireAuth({ groups: [] }), (error: Error) => error instanceof AuthOptionsError && /groups/.test(error.message));
        assert.throws(() => guard.requireAuth({ grops: ["x"] }), AuthOptionsError);
        if (!env.target.name.startsWith("Express")) assert.throws(() => guard.requireAuth({ onError: "next" }), /onError/);
      } finally {
        void auth.close();
      }
    });

    test("cognito.acceptClientIds: another app client's access token is refused unless listed", async () => {
      const sdk = new CognitoIdentityProviderClient({ region: env.local.region, endpoint: env.local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
      const signedIn = await sdk.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: env.local.publicClientId, AuthParameters: { USERNAME: PLAIN.username, PASSWORD: PLAIN.password } }));
      const bearer = { headers: { authorization: `Bearer ${signedIn.AuthenticationResult!.AccessToken}` } };
      assertError(await env.client().get("/api/me", bearer), "NOT_SIGNED_IN");
      const base = env.options();
      await env.withServer({ ...base, cognito: { ...base.cognito, acceptClientIds: [env.local.publicClientId] } }, async (server) => {
        const response = await env.client(server).get("/api/me", bearer);
        assert.equal(response.status, 200);
        assert.equal(response.body.user.username, PLAIN.username);
      });
    });
  });

  describe("events and the host's logger", () => {
    test("a sign-in with a wrong code, a refusal and a sign-out arrive as records with no secret in any of them; pino gets every line", async () => {
      const records: AuthEvent[] = [];
      const lines: string[] = [];
      const logger = pino({ level: "debug" }, new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) }));
      const codes: string[] = [];
      await env.withServer(env.options({ logger, events: { onEvent: (event) => void records.push(event) } }), async (server) => {
        const client = env.client(server);
        assertError(await client.post("/auth/sign-in", { username: DEMO.username, password: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        const right = await env.local.codes.nextCode(DEMO.username);
        const wrong = right === "000000" ? "111111" : "000000";
        codes.push(right, wrong);
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: wrong }), "CODE_MISMATCH");
        const challengeCookie = client.cookie(COOKIE.challenge);
        const done = await client.post("/auth/confirm-sign-in", { challengeResponse: right });
        assert.equal(done.status, 200);
        const secrets = [DEMO.password, "Wrong-Passw0rd!", ...codes, challengeCookie, client.cookie(COOKIE.access), client.cookie(COOKIE.id), client.cookie(COOKIE.refresh)];
        assertError(await client.get("/api/admin"), "FORBIDDEN");
        assert.equal((await client.post("/auth/sign-out")).status, 204);
        await waitFor(() => records.some((record) => record.type === "sign-out"));

        const types = records.map((record) => record.type);
        for (const type of ["sign-in-failed", "challenge", "sign-in", "forbidden", "sign-out"]) assert.ok(types.includes(type as AuthEvent["type"]), `${type} in ${types}`);
        const signIn = records.find((record) => record.type === "sign-in")!;
        assert.equal(signIn.username, DEMO.username);
        assert.equal(signIn.sub, done.body.user.sub);
        assert.equal(signIn.requestId, done.headers.get("x-request-id"));
        assert.equal(signIn.ip, "127.0.0.1");
        assert.ok(!Number.isNaN(Date.parse(signIn.at)));
        const wrongCode = records.find((record) => record.type === "sign-in-failed" && record.code === "CODE_MISMATCH")!;
        assert.equal(wrongCode.username, DEMO.username);
        assert.equal(wrongCode.step, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        const refused = records.find((record) => record.type === "sign-in-failed" && record.code === "NOT_AUTHORIZED")!;
        assert.equal(refused.signInName, DEMO.username);
        assert.equal(records.find((record) => record.type === "challenge")!.step, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        assert.equal(records.find((record) => record.type === "sign-out")!.sub, done.body.user.sub);

        const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        assert.ok(logged.some((line) => line.msg === "challenge.wrong-code" && line.event === "challenge.wrong-code" && line.attemptsLeft === 4), JSON.stringify(logged));
        assert.ok(logged.some((line) => line.msg === "sign-in.refused"));
        for (const secret of secrets) {
          assert.ok(secret && secret.length >= 6, "every secret was captured");
          for (const text of [...records.map((record) => JSON.stringify(record)), ...lines]) assert.ok(!text.includes(secret!), `a record or log line holds a secret: ${text}`);
        }
      });
    });

    test("a hook that throws and one that hangs neither break nor delay the answer; both are logged", async () => {
      const logger = createMemoryLogger();
      const hang = () => new Promise<void>(() => {});
      const events = { onChallenge: hang, onSignIn: () => { throw new Error("audit sink down"); }, onSignInFailed: hang, timeoutMs: 3000 };
      await env.withServer(env.options({ logger, events }), async (server) => {
        const client = env.client(server);
        const started = Date.now();
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        assertError(await client.post("/auth/confirm-sign-in", { challengeResponse: "000001" === (await env.local.codes.nextCode(DEMO.username)) ? "000002" : "000001" }), "CODE_MISMATCH");
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        const done = await client.post("/auth/confirm-sign-in", { challengeResponse: await env.local.codes.nextCode(DEMO.username) });
        assert.equal(done.status, 200);
        // Four answers while three hooks hang: none waited for one (a wait would cost 3 s each).
        assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
        await waitFor(() => logger.lines.some((line) => line.event === "events.hook-failed"));
        await waitFor(() => logger.lines.filter((line) => line.event === "events.hook-timeout").length >= 3, 8000);
      });
    });

    test("X-Forwarded-For without trustProxy is ignored, with one warning line however many arrive", async () => {
      const logger = createMemoryLogger();
      await env.withServer(env.options({ logger }), async (server) => {
        for (let index = 0; index < 3; index += 1) await env.client(server).get("/auth/session", { headers: { "x-forwarded-for": `203.0.113.${index}` } });
        await env.client(server).get("/api/me", { headers: { "x-forwarded-for": "203.0.113.9" } });
      });
      assert.equal(logger.lines.filter((line) => line.event === "proxy.forwarded-for-ignored").length, 1);
    });

    test('clientIp: "host" takes the framework\'s own proxy trust (Express trust proxy, Koa app.proxy)', async () => {
      if (env.target.name === "Node http") {
        assert.throws(() => env.target.create(env.options({ clientIp: "host" })), AuthOptionsError);
        return;
      }
      const records: AuthEvent[] = [];
      const onEvent = (event: AuthEvent) => void records.push(event);
      await env.withServer(env.options({ clientIp: "host", events: { onEvent } }), async (server) => {
        assertError(await env.client(server).post("/auth/sign-in", { ...PLAIN, password: "Wrong-Passw0rd!" }, { headers: { "x-forwarded-for": "203.0.113.7" } }), "NOT_AUTHORIZED");
      }, { hostTrustsProxy: true });
      await env.withServer(env.options({ clientIp: "host", events: { onEvent } }), async (server) => {
        assertError(await env.client(server).post("/auth/sign-in", { ...PLAIN, password: "Wrong-Passw0rd!" }, { headers: { "x-forwarded-for": "203.0.113.8" } }), "NOT_AUTHORIZED");
      });
      await waitFor(() => records.length >= 2);
      assert.deepEqual(records.map((record) => record.ip), ["203.0.113.7", "127.0.0.1"]);
    });
  });
}

async function addToGroup(env: ContractEnv, username: string, group: string): Promise<void> {
  const sdk = new CognitoIdentityProviderClient({ region: env.local.region, endpoint: env.local.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  await sdk.send(new CreateGroupCommand({ GroupName: group, UserPoolId: env.local.userPoolId })).catch(() => undefined);
  await sdk.send(new AdminAddUserToGroupCommand({ GroupName: group, UserPoolId: env.local.userPoolId, Username: username }));
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error("timed out waiting for the events");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
