import { AuthError, isAuthError } from "../errors/auth-error.js";
import type { ErrorCode } from "../errors/error-codes.js";

/** Which Cognito call failed: the same exception means different things on different calls. */
export type CognitoOperation = "initiate" | "respond" | "associate" | "verify" | "refresh" | "revoke" | "global-sign-out" | "device";

/**
 * The one place that knows Cognito's exception names. Each maps to a stable product code;
 * anything unknown is INTERNAL (logged by the caller, never echoed).
 */
export const COGNITO_EXCEPTION_CODES: Readonly<Record<string, ErrorCode>> = {
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

/** Failures below the API: the connection, the deadline, the SDK's own throttling verdict. */
const TRANSPORT_FAILURES = new Set([
  "AbortError",
  "TimeoutError",
  "RequestTimeout",
  "ThrottlingException",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
]);

/** Seconds a client is told to wait when Cognito is unavailable. */
export const UPSTREAM_RETRY_AFTER_SECONDS = 5;

/** Turns anything the SDK throws into an AuthError, keeping the original as `cause` for the log. */
export function toAuthError(error: unknown, operation: CognitoOperation): AuthError {
  if (isAuthError(error)) return error;
  const name = errorName(error);
  const message = error instanceof Error ? error.message : "";

  if (name === "NotAuthorizedException") return notAuthorized(message, operation, error);
  if (name === "UserNotFoundException" && operation === "refresh") return new AuthError("NOT_SIGNED_IN", { cause: error });
  // A device key that is not (or no longer) this user's: the caller named a device it does not have.
  if (name === "ResourceNotFoundException" && operation === "device") return new AuthError("INVALID_REQUEST", { cause: error, message: "There is no such device." });
  if (name === "InvalidPasswordException" && operation === "initiate") {
    // Some emulators answer a wrong password this way; Cognito itself says NotAuthorizedException.
    return new AuthError("NOT_AUTHORIZED", { cause: error });
  }

  const code = COGNITO_EXCEPTION_CODES[name] ?? (isTransportFailure(error) ? "UPSTREAM_UNAVAILABLE" : "INTERNAL");
  if (code === "UPSTREAM_UNAVAILABLE") return new AuthError(code, { cause: error, retryAfter: UPSTREAM_RETRY_AFTER_SECONDS });
  return new AuthError(code, { cause: error });
}

/** NotAuthorizedException means five different things; the message and the call tell them apart. */
function notAuthorized(message: string, operation: CognitoOperation, cause: unknown): AuthError {
  // A wrong client secret is our misconfiguration, not the user's mistake.
  if (/secret hash/i.test(message)) return new AuthError("INTERNAL", { cause });
  // "Invalid session for the user, session is expired." / "session can only be used once"
  if (/session/i.test(message) && (operation === "respond" || operation === "associate" || operation === "verify")) {
    return new AuthError("CHALLENGE_EXPIRED", { cause });
  }
  if (operation === "refresh" || operation === "revoke" || operation === "global-sign-out" || operation === "device") return new AuthError("NOT_SIGNED_IN", { cause });
  // Wrong password, unknown user, disabled user, "Password attempts exceeded": one answer for all.
  return new AuthError("NOT_AUTHORIZED", { cause });
}

function errorName(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (typeof name === "string" && name !== "Error") return name;
  return typeof code === "string" ? code : "";
}

function isTransportFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, $metadata, $fault } = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  if ((name && TRANSPORT_FAILURES.has(name)) || (code && TRANSPORT_FAILURES.has(code))) return true;
  const status = $metadata?.httpStatusCode ?? 0;
  // 5xx from the service or a proxy in between: Cognito is not answering properly.
  return $fault === "server" || status >= 500 || status === 429;
}
