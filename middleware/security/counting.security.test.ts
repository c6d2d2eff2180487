import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startLocalCognito } from "../../shared/local-cognito/local-cognito.js";
import { quietLogger } from "../../shared/local-cognito/quiet-logger.js";
import { SEED_USERS, type SeedUser } from "../../shared/local-cognito/seed-users.js";
import { DEMO, TOTP, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { startCognitoProxy } from "../../testing/support/cognito-proxy.js";
import type { HttpResult } from "../../testing/security/http-client.js";
import { answer, CookieBox, openSmsChallenge, withAuthServer, type AuthServer, type CognitoBench, type ServerOptions } from "../../testing/security/security-harness.js";

// Security checks 30 and 31: limits are taken before the work they limit (so concurrency
// cannot squeeze extra guesses through), and per-account limits belong to the Cognito user,
// not to the spelling typed. Real HTTP, the real local Cognito behind the counting proxy.

/** Two users Cognito keeps apart (this pool is case-sensitive, as legacy pools are) whose names fold together. */
const FOLD_LOWER: SeedUser = { username: "fold@example.com", password: "Fold-Passw0rd!", phoneNumber: "+15555550120", mfa: ["SMS"], description: "fold test" };
const FOLD_UPPER: SeedUser = { username: "FOLD@example.com", password: "Fold-Passw0rd!", phoneNumber: "+15555550121", mfa: ["SMS"], description: "fold test" };

let bench: CognitoBench;
before(async () => {
  const local = await startLocalCognito({ print: false, users: [...SEED_USERS, FOLD_LOWER, FOLD_UPPER] });
  const proxy = await startCognitoProxy(local.endpoint);
  bench = {
    local,
    proxy,
    skewMs: 0,
    async stop() {
      await proxy.stop();
      await local.stop();
    },
  };
});
after(() => bench.stop());

const withServer = (options: ServerOptions, body: (server: AuthServer) => Promise<void>) => withAuthServer(bench, options, body);

function codesOf(results: HttpResult[]): string[] {
  return results.map((result) => (result.status === 200 ? `200 ${result.json.nextStep.signInStep}` : `${result.status} ${result.json.error.code}`));
}

/** The user's `sub`: another name Cognito signs the same user in with (cognito-local resolves it, as a pool with aliases does). */
async function subOf(username: string): Promise<string> {
  const ctx = { logger: quietLogger };
  const pool = await bench.local.services.cognito.getUserPool(ctx, bench.local.userPoolId);
  const user = await pool.getUserByUsername(ctx, username);
  const sub = user?.Attributes?.find((attribute) => attribute.Name === "sub")?.Value;
  assert.ok(sub, `${username} has a sub`);
  return sub;
}

/** SMS codes sent to one phone number so far. */
const smsTo = (phoneNumber: string) => bench.local.codes.sent.filter((code) => code.destination === phoneNumber).length;

/** Opens `count` TOTP challenges of TOTP's account, one browser each. */
async function openTotpChallenges(servers: AuthServer[], count: number): Promise<CookieBox[]> {
  const boxes: CookieBox[] = [];
  for (let i = 0; i < count; i += 1) {
    const box = new CookieBox();
    const result = box.take(await servers[i % servers.length]!.send("/auth/sign-in", { json: TOTP }));
    assert.equal(result.json?.nextStep?.signInStep, "CONFIRM_SIGN_IN_WITH_TOTP_CODE", result.text);
    boxes.push(box);
  }
  return boxes;
}

/** One wrong TOTP code on each challenge, all at the same moment. */
async function wrongAnswersAtOnce(servers: AuthServer[], boxes: CookieBox[], totpCode: string): Promise<HttpResult[]> {
  return Promise.all(
    boxes.map((box, i) => servers[i % servers.length]!.send("/auth/confirm-sign-in", { json: { challengeResponse: wrongCodeFor(totpCode) }, cookie: box.header() })),
  );
}

describe("check 30: limits are taken before the work they limit", () => {
  test("12 concurrent wrong answers across 12 open TOTP challenges of one account: at most 10 CODE_MISMATCH, the rest RATE_LIMITED", () =>
    withServer({}, async (server) => {
      const boxes = await openTotpChallenges([server], 12);
      const responds = bench.proxy.count("RespondToAuthChallenge");
      const results = await wrongAnswersAtOnce([server], boxes, bench.local.totpCode(TOTP.username));
      const outcome = codesOf(results).join(", ");
      assert.equal(results.filter((result) => result.json?.error?.code === "CODE_MISMATCH").length, 10, outcome);
      assert.equal(results.filter((result) => result.json?.error?.code === "RATE_LIMITED").length, 2, outcome);
      assert.ok(bench.proxy.count("RespondToAuthChallenge") - responds <= 10, "at most ten answers reached Cognito");
      // The account is now locked: a new sign-in is refused before Cognito.
      const initiates = bench.proxy.count("InitiateAuth");
      assert.equal((await server.send("/auth/sign-in", { json: TOTP })).json.error.code, "RATE_LIMITED");
      assert.equal(bench.proxy.count("InitiateAuth"), initiates);
    }));

  test("a right code takes a wrong-code point while Cognito checks it and gives it back", () =>
    withServer({ limits: { wrongCodesPerAccount: { points: 2, durationSeconds: 900 } } }, async (server) => {
      const [first, second, third] = await openTotpChallenges([server], 3);
      const totp = () => bench.local.totpCode(TOTP.username);
      assert.equal((await answer(server, first!, wrongCodeFor(totp()))).json.error.attemptsLeft, 4);
      // A right code takes a point while Cognito checks it and gives it back: still one left.
      assert.equal((await answer(server, second!, totp())).json.nextStep.signInStep, "DONE");
      assert.equal((await answer(server, third!, wrongCodeFor(totp()))).json.error.attemptsLeft, 4);
      const refused = await answer(server, first!, wrongCodeFor(totp()));
      assert.equal(refused.json.error.code, "RATE_LIMITED");
    }));
});

describe("check 31: per-account limits belong to the Cognito user", () => {
  test("the user's second name (its sub) shares the codes-sent budget once Cognito has named the user under it", () =>
    withServer({}, async (server) => {
      const sub = await subOf(DEMO.username);
      const phone = SEED_USERS.find((user) => user.username === DEMO.username)!.phoneNumber!;
      const sentBefore = smsTo(phone);
      // The first sign-in under the sub: Cognito names the user (USER_ID_FOR_SRP), and the kit learns the alias.
      await openSmsChallenge(server, bench, new CookieBox(), sub);
      for (let i = 0; i < 4; i += 1) await openSmsChallenge(server, bench, new CookieBox());
      assert.equal(smsTo(phone) - sentBefore, 5);
      const initiates = bench.proxy.count("InitiateAuth");
      for (const name of [sub, DEMO.username]) {
        const sixth = await server.send("/auth/sign-in", { json: { username: name, password: DEMO.password } });
        assert.equal(sixth.status, 429, `${name}: ${sixth.text}`);
        assert.equal(sixth.json.error.code, "RATE_LIMITED");
      }
      assert.equal(bench.proxy.count("InitiateAuth"), initiates, "Cognito is not asked for a sixth code under either name");
      assert.equal(smsTo(phone) - sentBefore, 5);
    }));

  test("SRP: a name never seen before costs nothing past the user's budget: Cognito names the user before the verifier, and no code is sent", () =>
    withServer({}, async (server) => {
      const sub = await subOf(DEMO.username);
      const phone = SEED_USERS.find((user) => user.username === DEMO.username)!.phoneNumber!;
      for (let i = 0; i < 5; i += 1) await openSmsChallenge(server, bench, new CookieBox());
      const sentBefore = smsTo(phone);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const from = bench.proxy.calls.length;
        const refused = await server.send("/auth/sign-in", { json: { username: sub, password: DEMO.password } });
        assert.equal(refused.status, 429, refused.text);
        assert.equal(refused.setCookies.some((line) => /-challenge=[^;]/.test(line)), false, "no challenge to answer is opened");
        // Only InitiateAuth (SRP_A: it sends nothing) was asked; the answer that would send the SMS never went.
        assert.deepEqual(bench.proxy.calls.slice(from).map((call) => call.operation), ["InitiateAuth"]);
      }
      assert.equal(smsTo(phone), sentBefore, "no SMS under the new name");
    }));

  test("USER_PASSWORD_AUTH: a name never seen before costs at most its first sign-in: the user's budget refuses the challenge, then Cognito is not asked again", () =>
    withServer({ authFlow: "USER_PASSWORD_AUTH" }, async (server) => {
      const sub = await subOf(DEMO.username);
      for (let i = 0; i < 5; i += 1) await openSmsChallenge(server, bench, new CookieBox());
      const first = await server.send("/auth/sign-in", { json: { username: sub, password: DEMO.password } });
      assert.equal(first.status, 429, first.text);
      assert.equal(first.setCookies.some((line) => /-challenge=[^;]/.test(line)), false, "no challenge to answer is opened");
      const initiates = bench.proxy.count("InitiateAuth");
      assert.equal((await server.send("/auth/sign-in", { json: { username: sub, password: DEMO.password } })).status, 429);
      assert.equal(bench.proxy.count("InitiateAuth"), initiates, "the second sign-in under that name is refused before Cognito");
    }));

  test("wrong codes under one name lock the user under its other name", () =>
    withServer({}, async (server) => {
      const sub = await subOf(DEMO.username);
      await openSmsChallenge(server, bench, new CookieBox(), sub); // Cognito names the user under the sub
      for (let signIn = 0; signIn < 2; signIn += 1) {
        const box = new CookieBox();
        const code = await openSmsChallenge(server, bench, box);
        for (let i = 0; i < 5; i += 1) assert.equal((await answer(server, box, wrongCodeFor(code))).json.error.code, "CODE_MISMATCH");
      }
      const initiates = bench.proxy.count("InitiateAuth");
      assert.equal((await server.send("/auth/sign-in", { json: { username: sub, password: DEMO.password } })).json.error.code, "RATE_LIMITED");
      assert.equal(bench.proxy.count("InitiateAuth"), initiates);
    }));

  test("two users Cognito keeps apart, whose typed names fold to one key, do not share budgets", () =>
    withServer({}, async (server) => {
      for (let i = 0; i < 5; i += 1) {
        const result = await server.send("/auth/sign-in", { json: { username: FOLD_LOWER.username, password: FOLD_LOWER.password } });
        assert.equal(result.json?.nextStep?.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE", result.text);
      }
      assert.equal((await server.send("/auth/sign-in", { json: { username: FOLD_LOWER.username, password: FOLD_LOWER.password } })).status, 429);
      const sentBefore = smsTo(FOLD_UPPER.phoneNumber!);
      const other = await server.send("/auth/sign-in", { json: { username: FOLD_UPPER.username, password: FOLD_UPPER.password } });
      assert.equal(other.status, 200, other.text);
      assert.equal(other.json.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      assert.equal(smsTo(FOLD_UPPER.phoneNumber!) - sentBefore, 1);
      // And a spelling Cognito does not know is its business (401), not a 429 from someone else's budget.
      const unknown = await server.send("/auth/sign-in", { json: { username: " Fold@Example.com", password: FOLD_LOWER.password } });
      assert.equal(unknown.json.error.code, "NOT_AUTHORIZED");
    }));
});
