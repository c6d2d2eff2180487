import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { COGNITO_EXCEPTION_CODES, toAuthError } from "./exception-map.js";
import { AuthError } from "../errors/auth-error.js";
import { ERROR_CODES } from "../errors/error-codes.js";

/** An error shaped as the SDK throws it for a service exception. */
function serviceException(name: string, message = "message from Cognito", status = 400) {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}

/**
 * What each Cognito exception must become, written out here rather than read from the map, so
 * that a wrong entry in the map fails a test.
 */
const EXPECTED: Record<string, string> = {
  NotAuthorizedException: "NOT_AUTHORIZED",
  UserNotFoundException: "NOT_AUTHORIZED",
  CodeMismatchException: "CODE_MISMATCH",
  EnableSoftwareTokenMFAException: "CODE_MISMATCH",
  ExpiredCodeException: "CHALLENGE_EXPIRED",
  InvalidPasswordException: "INVALID_PASSWORD",
  PasswordHistoryPolicyViolationException: "INVALID_PASSWORD",
  PasswordResetRequiredException: "PASSWORD_RESET_REQUIRED",
  UserNotConfirmedException: "USER_NOT_CONFIRMED",
  TooManyFailedAttemptsException: "RATE_LIMITED",
  InvalidParameterException: "INVALID_REQUEST",
  TooManyRequestsException: "UPSTREAM_UNAVAILABLE",
  LimitExceededException: "UPSTREAM_UNAVAILABLE",
  InternalErrorException: "UPSTREAM_UNAVAILABLE",
  CodeDeliveryFailureException: "UPSTREAM_UNAVAILABLE",
  ResourceNotFoundException: "INTERNAL",
  InvalidUserPoolConfigurationException: "INTERNAL",
  InvalidLambdaResponseException: "INTERNAL",
  UnexpectedLambdaException: "INTERNAL",
  UserLambdaValidationException: "INTERNAL",
  InvalidSmsRoleAccessPolicyException: "INTERNAL",
  InvalidSmsRoleTrustRelationshipException: "INTERNAL",
  InvalidEmailRoleAccessPolicyException: "INTERNAL",
  SoftwareTokenMFANotFoundException: "INTERNAL",
  MFAMethodNotFoundException: "INTERNAL",
  UnsupportedOperationException: "INTERNAL",
  UnsupportedTokenTypeException: "INTERNAL",
  UnauthorizedException: "INTERNAL",
  ForbiddenException: "INTERNAL",
};

describe("Cognito exceptions map to stable codes", () => {
  test("every exception name in the map has an expectation here, and no more", () => {
    assert.deepEqual(Object.keys(COGNITO_EXCEPTION_CODES).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, code] of Object.entries(EXPECTED)) {
    test(`${name} becomes ${code}`, () => {
      const operation = name === "InvalidPasswordException" ? "respond" : "initiate";
      const error = toAuthError(serviceException(name), operation);
      assert.ok(error instanceof AuthError);
      assert.equal(error.code, code);
      assert.equal(error.status, ERROR_CODES[error.code].status);
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

  test("on a device call, an invalid access token is NOT_SIGNED_IN and a device that is not the user's is INVALID_REQUEST", () => {
    assert.equal(toAuthError(serviceException("NotAuthorizedException", "Invalid Access Token"), "device").code, "NOT_SIGNED_IN");
    assert.equal(toAuthError(serviceException("ResourceNotFoundException", "Device does not exist."), "device").code, "INVALID_REQUEST");
    // Elsewhere a missing resource is still our configuration (a wrong pool or client id).
    assert.equal(toAuthError(serviceException("ResourceNotFoundException", "User pool client does not exist."), "initiate").code, "INTERNAL");
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
