import assert from "node:assert/strict";
import { ERROR_CODES, type ErrorCode } from "../../shared/errors/error-codes.js";
import type { LocalCognito } from "../../shared/local-cognito/local-cognito.js";
import type { TestClient, TestResponse } from "./test-client.js";

/** The contract's error: status from the table, `{"error":{"code","message"}}`, no-store, and Retry-After on 429/503. */
export function assertError(response: TestResponse, code: ErrorCode): void {
  assert.equal(response.status, ERROR_CODES[code].status, `status for ${code}; body: ${JSON.stringify(response.body)}`);
  assert.equal(response.body?.error?.code, code, `body: ${JSON.stringify(response.body)}`);
  assert.equal(typeof response.body.error.message, "string");
  assert.ok(response.body.error.message.length > 0);
  assert.deepEqual(Object.keys(response.body), ["error"]);
  assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
  assert.equal(response.headers.get("cache-control"), "no-store");
  if (response.status === 429 || response.status === 503) {
    const header = response.headers.get("retry-after");
    assert.match(header ?? "", /^\d+$/, "Retry-After header");
    assert.equal(response.body.error.retryAfter, Number(header));
    assert.ok(Number(header) >= 1);
  }
}

/** A 200 SignInResult at DONE, with the user. */
export function assertDone(response: TestResponse, username: string): void {
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.isSignedIn, true);
  assert.deepEqual(response.body.nextStep, { signInStep: "DONE" });
  assert.equal(response.body.user.username, username);
  assert.equal(response.body.user.email, username);
  assert.match(response.body.user.sub, /^[0-9a-f-]{36}$/);
}

/** A 200 SignInResult with an open step; returns the step. */
export function assertStep(response: TestResponse, signInStep: string): Record<string, any> {
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.isSignedIn, false);
  assert.equal(response.body.nextStep.signInStep, signInStep);
  const expiresAt = Date.parse(response.body.nextStep.expiresAt);
  assert.ok(expiresAt > Date.now(), "expiresAt is in the future");
  return response.body.nextStep;
}

/** A 200 Session for `username`. */
export function assertSession(response: TestResponse, username: string): void {
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.isSignedIn, true);
  assert.equal(response.body.user.username, username);
  assert.ok(Date.parse(response.body.expiresAt) > Date.now(), "expiresAt is the access token's future expiry");
}

/** Signs a user without MFA in; asserts DONE. */
export async function signInPlain(client: TestClient, user: { username: string; password: string }): Promise<TestResponse> {
  const response = await client.post("/auth/sign-in", user);
  assertDone(response, user.username);
  return response;
}

/** Signs in a user with SMS MFA and answers the code the local Cognito sent. */
export async function signInWithSms(client: TestClient, local: LocalCognito, user: { username: string; password: string }): Promise<TestResponse> {
  assertStep(await client.post("/auth/sign-in", user), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
  const done = await client.post("/auth/confirm-sign-in", { challengeResponse: await local.codes.nextCode(user.username) });
  assertDone(done, user.username);
  return done;
}

/** The default cookie names (prefix "cmk", Secure on). */
export const COOKIE = {
  access: "__Host-cmk-access",
  id: "__Host-cmk-id",
  refresh: "__Host-cmk-refresh",
  challenge: "__Host-cmk-challenge",
  device: "__Host-cmk-device",
} as const;

/** The Set-Cookie header for one cookie name, if the response sent one. */
export function setCookieFor(response: TestResponse, name: string): string | undefined {
  return response.setCookies.find((header) => header.startsWith(`${name}=`));
}
