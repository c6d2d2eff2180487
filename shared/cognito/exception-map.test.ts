import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { COGNITO_EXCEPTION_CODES, toAuthError } from "./exception-map.js";
import { AuthError } from "../errors/auth-error.js";
import { ERROR_CODES } from "../errors/error-codes.js";

/** An error shaped as the SDK throws it for a service exception. */
function serviceException(name: string, message = "message from Cognito", status = 400) {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}

describe("Cognito exceptions map to stable codes", () => {
  for (const [name, code] of Object.entries(COGNITO_EXCEPTION_CODES)) {
    test(`${name} becomes ${code}`, () => {
      const operation = name === "InvalidPasswordException" ? "respond" : "initiate";
      const error = toAuthError(serviceException(name), operation);
      assert.ok(error instanceof AuthError);
      assert.equal(error.code, code);
      assert.equal(error.status, ERROR_CODES[code].status);
    });
  }

  test("every mapped code is one of the contract's codes", () => {
    for (const code of Object.values(COGNITO_EXCEPTION_CODES)) assert.ok(Object.hasOwn(ERROR_CODES, code), code);
  });

  test("NotAuthorizedException for an expired or used session on an answer is CHALLENGE_EXPIRED", () => {
    for (const message of ["Invalid session for the user, session is expired.", "Invalid session for the user, session can only be used once."]) {
      assert.equal(toAuthError(serviceException("NotAuthorizedException", message), "respond").code, "CHALLENGE_EXPIRED");
    }
  });

  test("'Password attempts exceeded' is the same NOT_AUTHORIZED as a wrong password", () => {
    assert.equal(toAuthError(serviceException("NotAuthorizedException", "Password attempts exceeded"), "initiate").code, "NOT_AUTHORIZED");
    assert.equal(toAuthError(serviceException("NotAuthorizedException", "Incorrect username or password."), "initiate").code, "NOT_AUTHORIZED");
  });

  test("a secret-hash failure is INTERNAL: it is our configuration, not the user", () => {
    assert.equal(toAuthError(serviceException("NotAuthorizedException", "Unable to verify secret hash for client abc"), "initiate").code, "INTERNAL");
  });

  test("NotAuthorizedException on refresh, revoke or global sign-out is NOT_SIGNED_IN", () => {
    for (const operation of ["refresh", "revoke", "global-sign-out"] as const) {
      assert.equal(toAuthError(serviceException("NotAuthorizedException", "Refresh Token has been revoked"), operation).code, "NOT_SIGNED_IN");
    }
  });

  test("a wrong password reported as InvalidPasswordException on sign-in is still NOT_AUTHORIZED", () => {
    assert.equal(toAuthError(serviceException("InvalidPasswordException"), "initiate").code, "NOT_AUTHORIZED");
  });

  test("transport failures and unknown 5xx are UPSTREAM_UNAVAILABLE with retryAfter", () => {
    const failures = [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
      Object.assign(new Error("deadline"), { name: "TimeoutError" }),
      Object.assign(new Error("aborted"), { name: "AbortError" }),
      serviceException("SomethingNew", "boom", 502),
    ];
    for (const failure of failures) {
      const error = toAuthError(failure, "initiate");
      assert.equal(error.code, "UPSTREAM_UNAVAILABLE", failure.message);
      assert.ok((error.details.retryAfter ?? 0) > 0);
    }
  });

  test("anything unknown is INTERNAL and keeps the original only as cause", () => {
    const original = serviceException("BrandNewException", "secret detail");
    const error = toAuthError(original, "initiate");
    assert.equal(error.code, "INTERNAL");
    assert.equal(error.cause, original);
    assert.doesNotMatch(error.message, /secret detail/);
    assert.equal(toAuthError("a string", "initiate").code, "INTERNAL");
  });
});
