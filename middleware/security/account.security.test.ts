import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { PLAIN } from "../../testing/support/cognito-fixture.js";
import type { HttpResult } from "../../testing/security/http-client.js";
import { startCognitoBench, withAuthServer, type AuthServer, type CognitoBench, type ServerOptions } from "../../testing/security/security-harness.js";

// Security check 36: sign-up, reset and attribute codes. Codes sent and wrong codes are capped
// per account and per IP, each taken before Cognito is asked (so concurrency cannot get past
// them); reset-password and resend-sign-up-code answer an unknown username exactly as a known
// one. Real HTTP, the real local Cognito behind the counting, fault-injecting proxy.

const PASSWORD = "Fresh-Passw0rd!";
/** Every name below has the same masked shape (s***@e***), so even the masked address cannot tell. */
const freshName = () => `sec-${randomUUID().slice(0, 8)}@example.com`;

let bench: CognitoBench;
before(async () => {
  bench = await startCognitoBench();
});
after(() => bench.stop());

const withServer = (options: ServerOptions, body: (server: AuthServer) => Promise<void>) => withAuthServer(bench, options, body);

const post = (server: AuthServer, path: string, json: unknown, headers: Record<string, string> = {}) => server.send(path, { json, headers });

/** Status, the body's key structure (every object's keys, recursively, with the value types), and the headers' names. */
function shapeOf(result: HttpResult): unknown {
  const keys = (value: unknown): unknown =>
    value && typeof value === "object" ? Object.fromEntries(Object.keys(value).map((key) => [key, keys((value as Record<string, unknown>)[key])])) : typeof value;
  const headerNames = Object.keys(result.headers).filter((name) => !["date", "x-request-id", "content-length"].includes(name)).sort();
  return { status: result.status, body: keys(result.json), headerNames, setCookies: result.setCookies.length };
}

/** A user whose sign-up was confirmed (their e-mail verified): a code really goes out on reset. */
async function confirmedUser(server: AuthServer): Promise<string> {
  const username = freshName();
  assert.equal((await post(server, "/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } })).status, 200);
  const confirmed = await post(server, "/auth/confirm-sign-up", { username, confirmationCode: await bench.local.codes.nextCode(username) });
  assert.equal(confirmed.status, 200, confirmed.text);
  return username;
}

/** A user who signed up and never confirmed. */
async function unconfirmedUser(server: AuthServer): Promise<string> {
  const username = freshName();
  assert.equal((await post(server, "/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } })).status, 200);
  await bench.local.codes.nextCode(username);
  return username;
}

const roomy = { codesSentPerIp: { points: 1000, durationSeconds: 3600 }, wrongCodesPerIp: { points: 1000, durationSeconds: 900 } };

describe("check 36: an unknown username gets the same answer as a known one", () => {
  test("reset-password: unknown, confirmed, unconfirmed, and (a LEGACY client) UserNotFoundException answer byte-for-byte alike", () =>
    withServer({ limits: roomy }, async (server) => {
      const known = await confirmedUser(server);
      const unconfirmed = await unconfirmedUser(server);
      const unknown = freshName();
      const legacyUnknown = freshName();
      // A client with PreventUserExistenceErrors LEGACY answers an unknown user with UserNotFoundException.
      bench.proxy.setFault((call) => (call.operation === "ForgotPassword" && call.body.Username === legacyUnknown ? { error: "UserNotFoundException", message: "User does not exist.", status: 400 } : undefined));
      const sentBefore = bench.local.codes.countFor(unknown) + bench.local.codes.countFor(legacyUnknown);
      const answers = await Promise.all([known, unconfirmed, unknown, legacyUnknown].map((username) => post(server, "/auth/reset-password", { username })));
      const reference = answers[0]!;
      assert.equal(reference.status, 200, reference.text);
      for (const answer of answers) {
        assert.deepEqual(shapeOf(answer), shapeOf(reference));
        assert.equal(answer.text, reference.text, "the very same bytes");
      }
      assert.equal(bench.local.codes.countFor(unknown) + bench.local.codes.countFor(legacyUnknown), sentBefore, "nothing sent to a name that has no account");
    }));

  test("resend-sign-up-code: unknown, unconfirmed, confirmed, and (a LEGACY client) UserNotFoundException answer byte-for-byte alike", () =>
    withServer({ limits: roomy }, async (server) => {
      const unconfirmed = await unconfirmedUser(server);
      const confirmed = await confirmedUser(server);
      const unknown = freshName();
      const legacyUnknown = freshName();
      bench.proxy.setFault((call) =>
        call.operation === "ResendConfirmationCode" && call.body.Username === legacyUnknown ? { error: "UserNotFoundException", message: "Username/client id combination not found.", status: 400 } : undefined,
      );
      const answers = await Promise.all([unconfirmed, confirmed, unknown, legacyUnknown].map((username) => post(server, "/auth/resend-sign-up-code", { username })));
      const reference = answers[0]!;
      assert.equal(reference.status, 200, reference.text);
      for (const answer of answers) {
        assert.deepEqual(shapeOf(answer), shapeOf(reference));
        assert.equal(answer.text, reference.text);
      }
      assert.equal(bench.local.codes.countFor(unknown), 0);
      assert.equal(bench.local.codes.countFor(confirmed), 1, "only the sign-up code: a confirmed user gets no new one");
    }));

  test("an unknown name spends the same budget as a known one: the 429 comes at the same request for both", () =>
    withServer({ limits: { ...roomy, codesSentPerAccount: { points: 2, durationSeconds: 3600 } } }, async (server) => {
      const known = PLAIN.username;
      const unknown = "nobody-here@example.com";
      for (const [route, names] of [["/auth/reset-password", [known, unknown]], ["/auth/resend-sign-up-code", [freshName(), freshName()]]] as const) {
        const sequences: string[][] = [];
        for (const username of names) {
          const sequence: string[] = [];
          for (let i = 0; i < 4; i += 1) {
            const answer = await post(server, route, { username });
            sequence.push(`${answer.status} ${answer.json?.error?.code ?? ""}`);
          }
          sequences.push(sequence);
        }
        assert.deepEqual(sequences[0], ["200 ", "200 ", "429 RATE_LIMITED", "429 RATE_LIMITED"], route);
        assert.deepEqual(sequences[1], sequences[0], route);
      }
    }));

  test("confirm-reset-password and confirm-sign-up: an unknown name is a wrong code, like a known one's", () =>
    withServer({ limits: roomy }, async (server) => {
      const known = await unconfirmedUser(server);
      const unknown = freshName();
      const left: number[][] = [];
      for (const username of [known, unknown]) {
        const signUp = await post(server, "/auth/confirm-sign-up", { username, confirmationCode: "000000" });
        const reset = await post(server, "/auth/confirm-reset-password", { username, confirmationCode: "000000", newPassword: "Reset-Passw0rd!" });
        for (const answer of [signUp, reset]) {
          assert.equal(answer.status, 401, answer.text);
          assert.equal(answer.json.error.code, "CODE_MISMATCH");
        }
        left.push([signUp.json.error.attemptsLeft, reset.json.error.attemptsLeft]);
      }
      assert.deepEqual(left[1], left[0], "attemptsLeft counts down alike for both");
    }));
});

describe("check 36: codes sent are capped per account and per IP, before Cognito", () => {
  test("10 concurrent resets for one name, limit 3: three ForgotPassword calls reach Cognito, seven RATE_LIMITED", () =>
    withServer({ limits: { ...roomy, codesSentPerAccount: { points: 3, durationSeconds: 3600 } } }, async (server) => {
      const calls = bench.proxy.count("ForgotPassword");
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(server, "/auth/reset-password", { username: PLAIN.username })));
      assert.equal(answers.filter((answer) => answer.status === 200).length, 3);
      assert.equal(answers.filter((answer) => answer.json?.error?.code === "RATE_LIMITED").length, 7);
      assert.equal(bench.proxy.count("ForgotPassword") - calls, 3, "no Cognito call past the limit");
      for (const refused of answers.filter((answer) => answer.status === 429)) assert.match(String(refused.headers["retry-after"]), /^\d+$/);
    }));

  test("spellings of one name share its budget: case variants cannot each get five codes", () =>
    withServer({ limits: { ...roomy, codesSentPerAccount: { points: 2, durationSeconds: 3600 } } }, async (server) => {
      const variants = ["plain@example.com", "PLAIN@example.com", "Plain@Example.com", " plain@example.com"];
      const answers = [];
      for (const username of variants) answers.push(await post(server, "/auth/reset-password", { username }));
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [200, 200, 429, 429],
      );
    }));

  test("per IP: 8 concurrent sign-ups for 8 new names, limit 3, three reach Cognito; X-Forwarded-For is no way around it (trustProxy 0)", () =>
    withServer({ limits: { codesSentPerIp: { points: 3, durationSeconds: 3600 } } }, async (server) => {
      const calls = bench.proxy.count("SignUp");
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => {
          const username = freshName();
          return post(server, "/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } }, { "x-forwarded-for": `203.0.113.${i + 1}` });
        }),
      );
      assert.equal(answers.filter((answer) => answer.status === 200).length, 3);
      assert.equal(answers.filter((answer) => answer.json?.error?.code === "RATE_LIMITED").length, 5);
      assert.equal(bench.proxy.count("SignUp") - calls, 3);
    }));

  test("a sign-up that sends nothing (USERNAME_EXISTS, a weak password) gives its code back", () =>
    withServer({ limits: { ...roomy, codesSentPerAccount: { points: 1, durationSeconds: 3600 } } }, async (server) => {
      const username = freshName();
      assert.equal((await post(server, "/auth/sign-up", { username, password: "weak", userAttributes: { email: username } })).json.error.code, "INVALID_PASSWORD");
      assert.equal((await post(server, "/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } })).status, 200);
      assert.equal((await post(server, "/auth/resend-sign-up-code", { username })).json.error.code, "RATE_LIMITED");
    }));
});

describe("check 36: wrong codes are capped per account and per IP, before Cognito", () => {
  test("12 concurrent wrong reset codes for one name, limit 4: four ConfirmForgotPassword calls, the right code then waits", () =>
    withServer({ limits: { ...roomy, wrongCodesPerAccount: { points: 4, durationSeconds: 900 } } }, async (server) => {
      const username = await confirmedUser(server);
      assert.equal((await post(server, "/auth/reset-password", { username })).status, 200);
      const code = await bench.local.codes.nextCode(username);
      const wrong = code === "000000" ? "111111" : "000000";
      const calls = bench.proxy.count("ConfirmForgotPassword");
      const answers = await Promise.all(Array.from({ length: 12 }, () => post(server, "/auth/confirm-reset-password", { username, confirmationCode: wrong, newPassword: "Reset-Passw0rd!" })));
      assert.equal(answers.filter((answer) => answer.json?.error?.code === "CODE_MISMATCH").length, 4);
      assert.equal(answers.filter((answer) => answer.json?.error?.code === "RATE_LIMITED").length, 8);
      assert.equal(bench.proxy.count("ConfirmForgotPassword") - calls, 4, "no guess past the limit reached Cognito");
      const right = await post(server, "/auth/confirm-reset-password", { username, confirmationCode: code, newPassword: "Reset-Passw0rd!" });
      assert.equal(right.json?.error?.code, "RATE_LIMITED");
    }));

  test("per IP: wrong codes spread over many names stop at the IP's limit", () =>
    withServer({ limits: { ...roomy, wrongCodesPerIp: { points: 5, durationSeconds: 900 } } }, async (server) => {
      const calls = bench.proxy.count("ConfirmSignUp");
      const answers = await Promise.all(Array.from({ length: 15 }, () => post(server, "/auth/confirm-sign-up", { username: freshName(), confirmationCode: "123456" })));
      assert.equal(answers.filter((answer) => answer.json?.error?.code === "CODE_MISMATCH").length, 5);
      assert.equal(bench.proxy.count("ConfirmSignUp") - calls, 5);
    }));

  test("a code Cognito did not judge (an outage) gives its point back", () =>
    withServer({ limits: { ...roomy, wrongCodesPerAccount: { points: 1, durationSeconds: 900 }, wrongCodesPerIp: { points: 1, durationSeconds: 900 } }, cognito: { maxAttempts: 1 } }, async (server) => {
      const username = freshName();
      bench.proxy.setFault((call) => (call.operation === "ConfirmSignUp" ? { error: "InternalErrorException", message: "down", status: 500 } : undefined));
      assert.equal((await post(server, "/auth/confirm-sign-up", { username, confirmationCode: "123456" })).json.error.code, "UPSTREAM_UNAVAILABLE");
      bench.proxy.setFault(undefined);
      assert.equal((await post(server, "/auth/confirm-sign-up", { username, confirmationCode: "123456" })).json.error.code, "CODE_MISMATCH");
      assert.equal((await post(server, "/auth/confirm-sign-up", { username, confirmationCode: "123456" })).json.error.code, "RATE_LIMITED");
    }));
});
