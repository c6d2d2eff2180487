import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { COGNITO_EXCEPTION_CODES, isAccountExistenceTell, toAuthError, type AccountOperation } from "./exception-map.js";
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
  UsernameExistsException: "USERNAME_EXISTS",
  AliasExistsException: "USERNAME_EXISTS",
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

/** Where an account call reads an exception differently from sign-in, written out call by call. */
const ACCOUNT_EXPECTED: Array<[AccountOperation, string, string, string]> = [
  ["confirm-sign-up", "ExpiredCodeException", "Invalid code provided, please request a code again.", "CODE_EXPIRED"],
  ["confirm-reset-password", "ExpiredCodeException", "Invalid code provided, please request a code again.", "CODE_EXPIRED"],
  ["confirm-user-attribute", "ExpiredCodeException", "Invalid code provided, please request a code again.", "CODE_EXPIRED"],
  ["confirm-sign-up", "CodeMismatchException", "Invalid verification code provided, please try again.", "CODE_MISMATCH"],
  ["verify-totp-setup", "EnableSoftwareTokenMFAException", "Code mismatch", "CODE_MISMATCH"],
  ["sign-up", "UsernameExistsException", "User already exists", "USERNAME_EXISTS"],
  ["sign-up", "InvalidPasswordException", "Password does not conform to policy", "INVALID_PASSWORD"],
  ["confirm-reset-password", "InvalidPasswordException", "Password does not conform to policy", "INVALID_PASSWORD"],
  ["resend-sign-up-code", "LimitExceededException", "Attempt limit exceeded, please try after some time.", "RATE_LIMITED"],
  ["reset-password", "LimitExceededException", "Attempt limit exceeded, please try after some time.", "RATE_LIMITED"],
  ["send-attribute-code", "LimitExceededException", "Attempt limit exceeded, please try after some time.", "RATE_LIMITED"],
  ["confirm-sign-up", "UserNotFoundException", "Username/client id combination not found.", "CODE_MISMATCH"],
  ["confirm-reset-password", "UserNotFoundException", "Username/client id combination not found.", "CODE_MISMATCH"],
  ["get-user", "UserNotFoundException", "User does not exist.", "NOT_SIGNED_IN"],
  ["get-user", "NotAuthorizedException", "Invalid Access Token", "NOT_SIGNED_IN"],
  ["update-mfa-preference", "NotAuthorizedException", "Access Token has expired", "NOT_SIGNED_IN"],
  ["set-up-totp", "NotAuthorizedException", "Access Token has been revoked", "NOT_SIGNED_IN"],
  ["update-password", "NotAuthorizedException", "Incorrect username or password.", "NOT_AUTHORIZED"],
  ["update-password", "NotAuthorizedException", "Invalid Access Token", "NOT_SIGNED_IN"],
  ["update-user-attributes", "NotAuthorizedException", "A client attempted to write unauthorized attribute", "INVALID_REQUEST"],
  ["sign-up", "NotAuthorizedException", "Unable to verify secret hash for client abc", "INTERNAL"],
  ["confirm-sign-up", "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED", "NOT_AUTHORIZED"],
  ["update-mfa-preference", "InvalidParameterException", "User does not have a verified phone number", "INVALID_REQUEST"],
  ["verify-totp-setup", "SoftwareTokenMFANotFoundException", "Software Token MFA not found", "INVALID_REQUEST"],
  ["sign-up", "CodeDeliveryFailureException", "Unable to deliver", "UPSTREAM_UNAVAILABLE"],
];

describe("Cognito exceptions on account calls", () => {
  for (const [operation, name, message, code] of ACCOUNT_EXPECTED) {
    test(`${name} ("${message}") on ${operation} becomes ${code}`, () => {
      const error = toAuthError(serviceException(name, message), operation);
      assert.equal(error.code, code);
      // Cognito's own words stay in the log (the cause), never in the answer.
      assert.equal((error.cause as Error).message, message);
    });
  }

  test("a sign-in answer keeps ExpiredCodeException as CHALLENGE_EXPIRED and LimitExceeded as UPSTREAM_UNAVAILABLE", () => {
    assert.equal(toAuthError(serviceException("ExpiredCodeException"), "respond").code, "CHALLENGE_EXPIRED");
    assert.equal(toAuthError(serviceException("LimitExceededException"), "initiate").code, "UPSTREAM_UNAVAILABLE");
  });

  test("Cognito's own code limit says how long to wait", () => {
    assert.ok((toAuthError(serviceException("LimitExceededException"), "reset-password").details.retryAfter ?? 0) > 0);
  });

  test("which failures of resend and reset would tell an account apart (check 36), mapped or not", () => {
    const tells: Array<[string, string, "resend-sign-up-code" | "reset-password"]> = [
      ["UserNotFoundException", "Username/client id combination not found.", "resend-sign-up-code"],
      ["UserNotFoundException", "Username/client id combination not found.", "reset-password"],
      ["InvalidParameterException", "User is already confirmed.", "resend-sign-up-code"],
      ["InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number", "reset-password"],
      ["NotAuthorizedException", "User is disabled.", "reset-password"],
    ];
    for (const [name, message, operation] of tells) {
      assert.equal(isAccountExistenceTell(serviceException(name, message), operation), true, `${name} on ${operation}`);
      assert.equal(isAccountExistenceTell(toAuthError(serviceException(name, message), operation), operation), true, `mapped ${name} on ${operation}`);
    }
    const notTells: Array<[string, string, "resend-sign-up-code" | "reset-password"]> = [
      ["NotAuthorizedException", "Unable to verify secret hash for client abc", "reset-password"],
      ["LimitExceededException", "Attempt limit exceeded", "reset-password"],
      ["TooManyRequestsException", "Rate exceeded", "resend-sign-up-code"],
      ["InternalErrorException", "boom", "reset-password"],
    ];
    for (const [name, message, operation] of notTells) assert.equal(isAccountExistenceTell(serviceException(name, message), operation), false, `${name} on ${operation}`);
  });
});
