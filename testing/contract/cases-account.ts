import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { EmbeddedLocalCognito } from "../../shared/local-cognito/local-cognito.js";
import type { AuthOptions } from "../../middleware/core/options.js";
import { PLAIN, startQuietLocalCognito, wrongCodeFor } from "../support/cognito-fixture.js";
import { assertDone, assertError, assertStep, signInPlain } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";
import type { ContractServer } from "./servers.js";
import type { TestClient, TestResponse } from "./test-client.js";

const PASSWORD = "Fresh-Passw0rd!";
const HOUR = 3600_000;
const ROOMY = { points: 1000, durationSeconds: 3600 };

/** The account routes of contract §1b, none needing a session. */
const NO_SESSION_ROUTES = ["/auth/sign-up", "/auth/confirm-sign-up", "/auth/resend-sign-up-code", "/auth/reset-password", "/auth/confirm-reset-password"];
/** The account routes that need a session, with a body each would accept. */
const SESSION_ROUTES: Array<[method: "GET" | "POST", path: string, body?: unknown]> = [
  ["POST", "/auth/update-password", { oldPassword: PASSWORD, newPassword: "Other-Passw0rd!" }],
  ["GET", "/auth/user-attributes"],
  ["POST", "/auth/update-user-attributes", { userAttributes: { name: "Ada" } }],
  ["POST", "/auth/confirm-user-attribute", { userAttributeKey: "phone_number", confirmationCode: "123456" }],
  ["POST", "/auth/send-user-attribute-verification-code", { userAttributeKey: "email" }],
  ["GET", "/auth/mfa-preference"],
  ["POST", "/auth/update-mfa-preference", { sms: "ENABLED" }],
  ["POST", "/auth/set-up-totp", {}],
  ["POST", "/auth/verify-totp-setup", { code: "123456" }],
];

/** The key structure of a JSON value (every object's keys, recursively), for "same keys" comparisons. */
export function keyShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyShape);
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).map((key) => [key, keyShape((value as Record<string, unknown>)[key])]));
  return typeof value;
}

/**
 * The account routes (contract §1b) over real HTTP on this framework, against a local Cognito
 * of their own whose clock (`now`) the expiry cases move.
 */
export function accountCases(env: ContractEnv): void {
  describe("account routes", () => {
    let local: EmbeddedLocalCognito;
    let server: ContractServer;
    let now = Date.now();

    const options = (extra: Partial<AuthOptions> = {}): AuthOptions =>
      env.options({ ...extra, limits: { codesSentPerIp: ROOMY, wrongCodesPerIp: ROOMY, ...extra.limits } }, local);
    const client = (on: ContractServer = server) => env.client(on);
    const freshName = () => `acct-${randomUUID().slice(0, 8)}@example.com`;

    before(async () => {
      local = await startQuietLocalCognito({ now: () => now });
      server = await env.target.start(options());
    });
    after(async () => {
      await server?.close();
      await local?.stop();
    });

    /** A new, confirmed user, through the routes. */
    async function confirmedUser(on = server): Promise<{ username: string; password: string }> {
      const browser = client(on);
      const username = freshName();
      assert.equal((await browser.post("/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } })).status, 200);
      const confirmed = await browser.post("/auth/confirm-sign-up", { username, confirmationCode: await local.codes.nextCode(username) });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      return { username, password: PASSWORD };
    }

    /** A browser signed in as a new user. */
    async function signedIn(on = server): Promise<{ browser: TestClient; username: string }> {
      const user = await confirmedUser(on);
      const browser = client(on);
      await signInPlain(browser, user);
      return { browser, username: user.username };
    }

    describe("sign-up", () => {
      test("sign up, a wrong code, the right code, then the password signs in", async () => {
        const browser = client();
        const username = freshName();
        const signedUp = await browser.post("/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } });
        assert.equal(signedUp.status, 200);
        assert.match(signedUp.body.userId, /^[0-9a-f-]{36}$/);
        assert.deepEqual(signedUp.body, {
          isSignUpComplete: false,
          userId: signedUp.body.userId,
          nextStep: { signUpStep: "CONFIRM_SIGN_UP", codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "a***@e***", attributeName: "email" } },
        });
        const code = await local.codes.nextCode(username);
        const wrong = await browser.post("/auth/confirm-sign-up", { username, confirmationCode: wrongCodeFor(code) });
        assertError(wrong, "CODE_MISMATCH");
        assert.equal(wrong.body.error.attemptsLeft, 999, "the account's wrong-code budget (1000 here) less this one");
        const done = await browser.post("/auth/confirm-sign-up", { username, confirmationCode: code });
        assert.equal(done.status, 200);
        assert.deepEqual(done.body, { isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
        assertDone(await browser.post("/auth/sign-in", { username, password: PASSWORD }), username);
      });

      test("the browser that signed up is signed in by confirm-sign-up (Cognito's session chain, no password kept); another browser is not", async () => {
        const browser = client();
        const username = freshName();
        const signedUp = await browser.post("/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } });
        const cookie = signedUp.setCookies.find((header) => header.startsWith("__Host-cmk-signup="));
        assert.ok(cookie, "the sign-up cookie");
        assert.match(cookie, /HttpOnly/i);
        assert.match(cookie, /Secure/i);
        assert.match(cookie, /Path=\//);
        assert.match(cookie.split(";")[0]!, /^__Host-cmk-signup=[A-Za-z0-9_-]{43}$/, "only an opaque id: Cognito's session stays on the server");
        assert.deepEqual(Object.keys(signedUp.body).sort(), ["isSignUpComplete", "nextStep", "userId"]);
        const code = await local.codes.nextCode(username);
        assertError(await browser.post("/auth/confirm-sign-up", { username, confirmationCode: wrongCodeFor(code) }), "CODE_MISMATCH");
        const done = await browser.post("/auth/confirm-sign-up", { username, confirmationCode: code });
        assert.deepEqual(done.body, { isSignUpComplete: true, nextStep: { signUpStep: "DONE" } });
        const me = await browser.get("/auth/session");
        assert.equal(me.status, 200);
        assert.equal(me.body.user.username, username);
        assert.equal((await browser.get("/api/me")).body.user.username, username);

        // Confirmed from another browser (no sign-up cookie): confirmed, not signed in.
        const other = freshName();
        await client().post("/auth/sign-up", { username: other, password: PASSWORD, userAttributes: { email: other } });
        const elsewhere = client();
        const confirmed = await elsewhere.post("/auth/confirm-sign-up", { username: other, confirmationCode: await local.codes.nextCode(other) });
        assert.equal(confirmed.body.isSignUpComplete, true);
        assertError(await elsewhere.get("/auth/session"), "NOT_SIGNED_IN");
      });

      test("a sign-up cookie is bound to its name: confirming another name with it signs nobody in", async () => {
        const attacker = client();
        const mine = freshName();
        await attacker.post("/auth/sign-up", { username: mine, password: PASSWORD, userAttributes: { email: mine } });
        await local.codes.nextCode(mine);
        const victim = freshName();
        await client().post("/auth/sign-up", { username: victim, password: PASSWORD, userAttributes: { email: victim } });
        const confirmed = await attacker.post("/auth/confirm-sign-up", { username: victim, confirmationCode: await local.codes.nextCode(victim) });
        assert.equal(confirmed.body.isSignUpComplete, true);
        assertError(await attacker.get("/auth/session"), "NOT_SIGNED_IN");
      });

      test("a taken username is 409 USERNAME_EXISTS; a weak password 400 INVALID_PASSWORD; a code that is not 6 digits 400 INVALID_REQUEST", async () => {
        const browser = client();
        assertError(await browser.post("/auth/sign-up", { username: PLAIN.username, password: PASSWORD, userAttributes: { email: PLAIN.username } }), "USERNAME_EXISTS");
        const username = freshName();
        assertError(await browser.post("/auth/sign-up", { username, password: "weak", userAttributes: { email: username } }), "INVALID_PASSWORD");
        for (const confirmationCode of ["12345", "1234567", "12a456", 123456]) {
          assertError(await browser.post("/auth/confirm-sign-up", { username, confirmationCode }), "INVALID_REQUEST");
        }
        assertError(await browser.post("/auth/sign-up", { username, password: PASSWORD, userAttributes: { "bad name": "x" } }), "INVALID_REQUEST");
      });

      test("a code older than 24 hours is 401 CODE_EXPIRED; a resent one works", async () => {
        const browser = client();
        const username = freshName();
        await browser.post("/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } });
        const old = await local.codes.nextCode(username);
        now += 25 * HOUR;
        try {
          assertError(await browser.post("/auth/confirm-sign-up", { username, confirmationCode: old }), "CODE_EXPIRED");
          const resent = await browser.post("/auth/resend-sign-up-code", { username });
          assert.equal(resent.status, 200);
          assert.deepEqual(resent.body, { codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "a***@e***", attributeName: "email" } });
          const fresh = await local.codes.nextCode(username);
          assert.equal((await browser.post("/auth/confirm-sign-up", { username, confirmationCode: fresh })).body.isSignUpComplete, true);
        } finally {
          now = Date.now();
        }
      });

      test("confirming an unknown username is CODE_MISMATCH, as a wrong code is", async () => {
        assertError(await client().post("/auth/confirm-sign-up", { username: freshName(), confirmationCode: "123456" }), "CODE_MISMATCH");
      });

      test("resend answers an unknown, an unconfirmed and a confirmed username with the same status and keys", async () => {
        const browser = client();
        const unconfirmed = freshName();
        await browser.post("/auth/sign-up", { username: unconfirmed, password: PASSWORD, userAttributes: { email: unconfirmed } });
        await local.codes.nextCode(unconfirmed);
        const confirmed = (await confirmedUser()).username;
        const answers = await Promise.all([freshName(), unconfirmed, confirmed].map((username) => browser.post("/auth/resend-sign-up-code", { username })));
        for (const answer of answers) {
          assert.equal(answer.status, 200);
          assert.deepEqual(keyShape(answer.body), keyShape(answers[1]!.body));
          assert.equal(answer.body.codeDeliveryDetails.destination, "a***@e***");
        }
      });
    });

    describe("password reset", () => {
      test("reset, a wrong code, a weak password, the right code; the new password signs in", async () => {
        const { username } = await confirmedUser();
        const browser = client();
        const reset = await browser.post("/auth/reset-password", { username });
        assert.equal(reset.status, 200);
        assert.deepEqual(reset.body, {
          isPasswordReset: false,
          nextStep: { resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE", codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "a***@e***", attributeName: "email" } },
        });
        const code = await local.codes.nextCode(username);
        const newPassword = "Reset-Passw0rd!";
        assertError(await browser.post("/auth/confirm-reset-password", { username, confirmationCode: wrongCodeFor(code), newPassword }), "CODE_MISMATCH");
        assertError(await browser.post("/auth/confirm-reset-password", { username, confirmationCode: code, newPassword: "weak" }), "INVALID_PASSWORD");
        const done = await browser.post("/auth/confirm-reset-password", { username, confirmationCode: code, newPassword });
        assert.equal(done.status, 200);
        assert.deepEqual(done.body, { isPasswordReset: true, nextStep: { resetPasswordStep: "DONE" } });
        assertError(await browser.post("/auth/sign-in", { username, password: PASSWORD }), "NOT_AUTHORIZED");
        assertDone(await browser.post("/auth/sign-in", { username, password: newPassword }), username);
      });

      test("a reset code older than an hour is 401 CODE_EXPIRED", async () => {
        const { username } = await confirmedUser();
        const browser = client();
        await browser.post("/auth/reset-password", { username });
        const code = await local.codes.nextCode(username);
        now += 61 * 60_000;
        try {
          assertError(await browser.post("/auth/confirm-reset-password", { username, confirmationCode: code, newPassword: "Reset-Passw0rd!" }), "CODE_EXPIRED");
        } finally {
          now = Date.now();
        }
      });

      test("an unknown username gets the same status and keys as a known one, and nothing is sent", async () => {
        const { username } = await confirmedUser();
        const unknown = freshName();
        const [known, stranger] = await Promise.all([username, unknown].map((name) => client().post("/auth/reset-password", { username: name })));
        assert.equal(stranger!.status, known!.status);
        assert.deepEqual(keyShape(stranger!.body), keyShape(known!.body));
        assert.deepEqual(stranger!.body, known!.body, "both names are acct-…@example.com: even the masked address is the same");
        assert.equal(local.codes.countFor(unknown), 0);
        assertError(await client().post("/auth/confirm-reset-password", { username: unknown, confirmationCode: "123456", newPassword: "Reset-Passw0rd!" }), "CODE_MISMATCH");
      });
    });

    describe("with a session", () => {
      test("every session route without a session (or with a made-up one) is 401 NOT_SIGNED_IN before Cognito", async () => {
        for (const [method, path, body] of SESSION_ROUTES) {
          const browser = client();
          const response = method === "GET" ? await browser.get(path) : await browser.post(path, body);
          assertError(response, "NOT_SIGNED_IN");
          const forged = { authorization: "Bearer not.a.token" };
          assertError(method === "GET" ? await browser.get(path, { headers: forged }) : await browser.post(path, body, { headers: forged }), "NOT_SIGNED_IN");
        }
      });

      test("attributes: read, add a phone, a wrong code, a new code, verify it, turn SMS MFA on; the next sign-in asks for an SMS code", async () => {
        const { browser, username } = await signedIn();
        const read = await browser.get("/auth/user-attributes");
        assert.equal(read.status, 200);
        assert.deepEqual(Object.keys(read.body), ["userAttributes"]);
        assert.equal(read.body.userAttributes.email, username);
        assert.equal(read.body.userAttributes.phone_number, undefined);

        const update = await browser.post("/auth/update-user-attributes", { userAttributes: { phone_number: "+15555550199", name: "Ada" } });
        assert.equal(update.status, 200);
        assert.deepEqual(update.body, {
          phone_number: {
            isUpdated: false,
            nextStep: { updateAttributeStep: "CONFIRM_ATTRIBUTE_WITH_CODE", codeDeliveryDetails: { deliveryMedium: "SMS", destination: "+*******0199", attributeName: "phone_number" } },
          },
          name: { isUpdated: true, nextStep: { updateAttributeStep: "DONE" } },
        });
        const first = await local.codes.nextCode(username);
        assertError(await browser.post("/auth/confirm-user-attribute", { userAttributeKey: "phone_number", confirmationCode: wrongCodeFor(first) }), "CODE_MISMATCH");
        const sent = await browser.post("/auth/send-user-attribute-verification-code", { userAttributeKey: "phone_number" });
        assert.equal(sent.status, 200);
        assert.deepEqual(sent.body, { codeDeliveryDetails: { deliveryMedium: "SMS", destination: "+*******0199", attributeName: "phone_number" } });
        const code = await local.codes.nextCode(username);
        const confirmed = await browser.post("/auth/confirm-user-attribute", { userAttributeKey: "phone_number", confirmationCode: code });
        assert.equal(confirmed.status, 204);
        assert.equal((await browser.get("/auth/user-attributes")).body.userAttributes.phone_number_verified, "true");

        const mfa = await browser.post("/auth/update-mfa-preference", { sms: "PREFERRED" });
        assert.equal(mfa.status, 200);
        assert.deepEqual(mfa.body, { enabled: ["SMS"], preferred: "SMS" });
        assert.deepEqual((await browser.get("/auth/mfa-preference")).body, { enabled: ["SMS"], preferred: "SMS" });
        assert.equal((await browser.post("/auth/sign-out")).status, 204);
        assertStep(await browser.post("/auth/sign-in", { username, password: PASSWORD }), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      });

      test("an attribute code older than 24 hours is 401 CODE_EXPIRED; a new one works", async () => {
        const { browser, username } = await signedIn();
        await browser.post("/auth/update-user-attributes", { userAttributes: { phone_number: "+15555550166" } });
        const old = await local.codes.nextCode(username);
        now += 25 * HOUR;
        try {
          assertError(await browser.post("/auth/confirm-user-attribute", { userAttributeKey: "phone_number", confirmationCode: old }), "CODE_EXPIRED");
          assert.equal((await browser.post("/auth/send-user-attribute-verification-code", { userAttributeKey: "phone_number" })).status, 200);
          const fresh = await local.codes.nextCode(username);
          assert.equal((await browser.post("/auth/confirm-user-attribute", { userAttributeKey: "phone_number", confirmationCode: fresh })).status, 204);
        } finally {
          now = Date.now();
        }
      });

      test("mfa-preference of a user without MFA is {}; turning SMS on without a phone is INVALID_REQUEST", async () => {
        const { browser } = await signedIn();
        const none = await browser.get("/auth/mfa-preference");
        assert.equal(none.status, 200);
        assert.deepEqual(none.body, {});
        assertError(await browser.post("/auth/update-mfa-preference", { sms: "ENABLED" }), "INVALID_REQUEST");
        assertError(await browser.post("/auth/update-mfa-preference", { sms: "ON" }), "INVALID_REQUEST");
      });

      test("TOTP: set up, a wrong code, the right one, enable it; the next sign-in asks for the app's code", async () => {
        const { browser, username } = await signedIn();
        const setUp = await browser.post("/auth/set-up-totp", {});
        assert.equal(setUp.status, 200);
        assert.deepEqual(Object.keys(setUp.body).sort(), ["setupUri", "sharedSecret"]);
        const secret: string = setUp.body.sharedSecret;
        assert.match(setUp.body.setupUri, new RegExp(`^otpauth://totp/.+\\?secret=${secret}&issuer=`));
        const code = local.totpCodeForSecret(secret);
        assertError(await browser.post("/auth/verify-totp-setup", { code: wrongCodeFor(code) }), "CODE_MISMATCH");
        const verified = await browser.post("/auth/verify-totp-setup", { code: local.totpCodeForSecret(secret), friendlyDeviceName: "phone" });
        assert.equal(verified.status, 204);
        assert.deepEqual((await browser.post("/auth/update-mfa-preference", { totp: "PREFERRED" })).body, { enabled: ["TOTP"], preferred: "TOTP" });
        await browser.post("/auth/sign-out");
        assertStep(await browser.post("/auth/sign-in", { username, password: PASSWORD }), "CONFIRM_SIGN_IN_WITH_TOTP_CODE");
      });

      test("update-password: a wrong old one is NOT_AUTHORIZED, a weak new one INVALID_PASSWORD, then 204 and the new one signs in", async () => {
        const { browser, username } = await signedIn();
        const newPassword = "Changed-Passw0rd!";
        assertError(await browser.post("/auth/update-password", { oldPassword: "Wrong-Passw0rd!", newPassword }), "NOT_AUTHORIZED");
        assertError(await browser.post("/auth/update-password", { oldPassword: PASSWORD, newPassword: "weak" }), "INVALID_PASSWORD");
        assert.equal((await browser.post("/auth/update-password", { oldPassword: PASSWORD, newPassword })).status, 204);
        assertDone(await client().post("/auth/sign-in", { username, password: newPassword }), username);
      });

      test("a cross-site POST to a session route is FORBIDDEN_ORIGIN", async () => {
        const { browser } = await signedIn();
        assertError(await browser.post("/auth/update-password", { oldPassword: PASSWORD, newPassword: "Changed-Passw0rd!" }, { headers: { origin: "https://evil.example" } }), "FORBIDDEN_ORIGIN");
      });

      test("body transport: the access token as Authorization: Bearer", async () => {
        await env.withServer(options({ tokenTransport: "body" }), async (bodyServer) => {
          const user = await confirmedUser(bodyServer);
          const done = await client(bodyServer).post("/auth/sign-in", user);
          assert.equal(done.status, 200);
          const bearer = { authorization: `Bearer ${done.body.tokens.accessToken}` };
          const read = await client(bodyServer).get("/auth/user-attributes", { headers: bearer });
          assert.equal(read.status, 200);
          assert.equal(read.body.userAttributes.email, user.username);
          assert.deepEqual((await client(bodyServer).get("/auth/mfa-preference", { headers: bearer })).body, {});
          assertError(await client(bodyServer).get("/auth/user-attributes"), "NOT_SIGNED_IN");
        });
      });
    });

    test("routes.signUp: false answers the sign-up routes 404 NOT_FOUND; reset still works", async () => {
      await env.withServer(options({ routes: { signUp: false } }), async (closed) => {
        const browser = client(closed);
        const username = freshName();
        for (const path of ["/auth/sign-up", "/auth/confirm-sign-up", "/auth/resend-sign-up-code"]) {
          assertError(await browser.post(path, { username, password: PASSWORD, confirmationCode: "123456" }), "NOT_FOUND");
          assertError(await browser.get(path), "NOT_FOUND");
        }
        assert.equal(local.codes.countFor(username), 0);
        assert.equal((await browser.post("/auth/reset-password", { username })).status, 200);
      });
    });

    describe("limits at concurrency (taken before Cognito)", () => {
      const judged = (responses: TestResponse[], code: string) => responses.filter((response) => response.body?.error?.code === code).length;

      test("wrong codes per account: 8 concurrent wrong codes, limit 3 → 3 judged, 5 RATE_LIMITED", async () => {
        await env.withServer(options({ limits: { wrongCodesPerAccount: { points: 3, durationSeconds: 900 } } }), async (limited) => {
          const username = freshName();
          await client(limited).post("/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } });
          const code = await local.codes.nextCode(username);
          const wrong = wrongCodeFor(code);
          const answers = await Promise.all(Array.from({ length: 8 }, () => client(limited).post("/auth/confirm-sign-up", { username, confirmationCode: wrong })));
          assert.equal(judged(answers, "CODE_MISMATCH"), 3);
          assert.equal(judged(answers, "RATE_LIMITED"), 5);
          for (const answer of answers) assertError(answer, answer.body.error.code);
          // attemptsLeft is what the account has left once the answer is judged (read after, so racing answers may read the same).
          const left = answers.filter((answer) => answer.body.error.code === "CODE_MISMATCH").map((answer) => answer.body.error.attemptsLeft as number);
          assert.ok(left.every((value) => value >= 0 && value <= 2) && left.includes(0), JSON.stringify(left));
          // The budget is spent: even the right code waits.
          assertError(await client(limited).post("/auth/confirm-sign-up", { username, confirmationCode: code }), "RATE_LIMITED");
        });
      });

      test("wrong codes per IP: 8 concurrent wrong codes for 8 names, limit 3 → 3 judged", async () => {
        await env.withServer(options({ limits: { wrongCodesPerIp: { points: 3, durationSeconds: 900 } } }), async (limited) => {
          const answers = await Promise.all(Array.from({ length: 8 }, () => client(limited).post("/auth/confirm-sign-up", { username: freshName(), confirmationCode: "123456" })));
          assert.equal(judged(answers, "CODE_MISMATCH"), 3);
          assert.equal(judged(answers, "RATE_LIMITED"), 5);
        });
      });

      test("codes sent per account: 6 concurrent resets for one name, limit 2 → 2 codes, 4 RATE_LIMITED (an unknown name alike)", async () => {
        await env.withServer(options({ limits: { codesSentPerAccount: { points: 2, durationSeconds: 3600 } } }), async (limited) => {
          // Signed up on the main server, so this server's budgets for the name start full.
          const { username } = await confirmedUser();
          for (const name of [username, freshName()]) {
            const before = local.codes.countFor(name);
            const answers = await Promise.all(Array.from({ length: 6 }, () => client(limited).post("/auth/reset-password", { username: name })));
            assert.equal(answers.filter((answer) => answer.status === 200).length, 2, name);
            assert.equal(judged(answers, "RATE_LIMITED"), 4);
            assert.ok(local.codes.countFor(name) - before <= 2);
          }
        });
      });

      test("codes sent per IP: 6 concurrent sign-ups and resends for 6 names, limit 2 → 2 sent", async () => {
        await env.withServer(options({ limits: { codesSentPerIp: { points: 2, durationSeconds: 3600 } } }), async (limited) => {
          const answers = await Promise.all(
            Array.from({ length: 6 }, (_, index) => {
              const username = freshName();
              return index % 2 ? client(limited).post("/auth/resend-sign-up-code", { username }) : client(limited).post("/auth/sign-up", { username, password: PASSWORD, userAttributes: { email: username } });
            }),
          );
          assert.equal(answers.filter((answer) => answer.status === 200).length, 2);
          assert.equal(judged(answers, "RATE_LIMITED"), 4);
        });
      });

      test("codes sent by a signed-in user: update-user-attributes and send-user-attribute-verification-code share the account's budget", async () => {
        await env.withServer(options({ limits: { codesSentPerAccount: { points: 3, durationSeconds: 3600 } } }), async (limited) => {
          // Sign-up's code went to the name's budget; the user's (the token's username) starts full.
          const { browser } = await signedIn(limited);
          const answers = await Promise.all([
            browser.post("/auth/update-user-attributes", { userAttributes: { phone_number: "+15555550177" } }),
            ...Array.from({ length: 4 }, () => browser.post("/auth/send-user-attribute-verification-code", { userAttributeKey: "email" })),
          ]);
          assert.equal(answers.filter((answer) => answer.status === 200).length, 3, JSON.stringify(answers.map((answer) => answer.status)));
          assert.equal(judged(answers, "RATE_LIMITED"), 2);
          // A change that sends no code costs none.
          assert.equal((await browser.post("/auth/update-user-attributes", { userAttributes: { name: "Ada" } })).status, 200);
        });
      });

      test("wrong codes by a signed-in user: confirm-user-attribute and verify-totp-setup share the account's budget", async () => {
        await env.withServer(options({ limits: { wrongCodesPerAccount: { points: 3, durationSeconds: 900 } } }), async (limited) => {
          const { browser } = await signedIn(limited);
          const setUp = await browser.post("/auth/set-up-totp", {});
          const wrong = wrongCodeFor(local.totpCodeForSecret(setUp.body.sharedSecret));
          const answers = await Promise.all([
            ...Array.from({ length: 3 }, () => browser.post("/auth/verify-totp-setup", { code: wrong })),
            ...Array.from({ length: 3 }, () => browser.post("/auth/confirm-user-attribute", { userAttributeKey: "email", confirmationCode: "000001" })),
          ]);
          assert.equal(answers.filter((answer) => answer.status === 401).length, 3, JSON.stringify(answers.map((answer) => answer.body)));
          assert.equal(judged(answers, "RATE_LIMITED"), 3);
        });
      });
    });

    test("every account route answers no-store JSON errors on a bad body", async () => {
      for (const path of NO_SESSION_ROUTES) assertError(await client().post(path, {}), "INVALID_REQUEST");
    });
  });
}
