import { AuthError, isAuthError } from "../errors/auth-error.js";
import type { ErrorCode } from "../errors/error-codes.js";

/** Which Cognito call failed: the same exception means different things on different calls. */
export type CognitoOperation = "initiate" | "respond" | "associate" | "verify" | "refresh" | "revoke" | "global-sign-out" | "device" | AccountOperation;

/** The account calls (sign-up, reset, attributes, MFA preference, TOTP set-up), each its own operation. */
export type AccountOperation =
  | "sign-up"
  | "confirm-sign-up"
  | "resend-sign-up-code"
  | "reset-password"
  | "confirm-reset-password"
  | "update-password"
  | "get-user"
  | "update-user-attributes"
  | "confirm-user-attribute"
  | "send-attribute-code"
  | "update-mfa-preference"
  | "set-up-totp"
  | "verify-totp-setup";

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
  const account = isAccountOperation(operation) ? accountException(name, message, operation, error) : undefined;
  if (account) return account;

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

const ACCOUNT_OPERATIONS: ReadonlySet<string> = new Set<AccountOperation>([
  "sign-up",
  "confirm-sign-up",
  "resend-sign-up-code",
  "reset-password",
  "confirm-reset-password",
  "update-password",
  "get-user",
  "update-user-attributes",
  "confirm-user-attribute",
  "send-attribute-code",
  "update-mfa-preference",
  "set-up-totp",
  "verify-totp-setup",
]);

/** Account calls made with the user's access token: a refused token means the session is gone. */
const WITH_ACCESS_TOKEN: ReadonlySet<AccountOperation> = new Set<AccountOperation>([
  "update-password",
  "get-user",
  "update-user-attributes",
  "confirm-user-attribute",
  "send-attribute-code",
  "update-mfa-preference",
  "set-up-totp",
  "verify-totp-setup",
]);

function isAccountOperation(operation: CognitoOperation): operation is AccountOperation {
  return ACCOUNT_OPERATIONS.has(operation);
}

/**
 * What an exception means on an account call, where it differs from sign-in: a sign-up, reset
 * or attribute code that ran out is CODE_EXPIRED (not a closed sign-in), Cognito's own
 * per-user limit on codes is RATE_LIMITED, and an unknown user on a call that takes a code is a
 * wrong code (so the answer does not tell who exists). Undefined: the general map applies.
 */
function accountException(name: string, message: string, operation: AccountOperation, cause: unknown): AuthError | undefined {
  switch (name) {
    case "ExpiredCodeException":
      return new AuthError("CODE_EXPIRED", { cause });
    case "LimitExceededException":
      return new AuthError("RATE_LIMITED", { cause, retryAfter: COGNITO_LIMIT_RETRY_AFTER_SECONDS });
    case "UserNotFoundException":
      if (operation === "confirm-sign-up" || operation === "confirm-reset-password") return new AuthError("CODE_MISMATCH", { cause });
      return WITH_ACCESS_TOKEN.has(operation) ? new AuthError("NOT_SIGNED_IN", { cause }) : undefined;
    case "NotAuthorizedException":
      if (/secret hash/i.test(message)) return new AuthError("INTERNAL", { cause });
      if (!WITH_ACCESS_TOKEN.has(operation)) return undefined;
      // ChangePassword with a wrong old password is the one NotAuthorized that keeps the session.
      if (operation === "update-password" && /incorrect username or password/i.test(message)) return new AuthError("NOT_AUTHORIZED", { cause });
      if (operation === "update-user-attributes" && /unauthorized attribute/i.test(message)) {
        return new AuthError("INVALID_REQUEST", { cause, message: "That attribute cannot be changed." });
      }
      return new AuthError("NOT_SIGNED_IN", { cause });
    case "InvalidParameterException":
      if (operation === "update-mfa-preference") return new AuthError("INVALID_REQUEST", { cause, message: "Verify the phone number or set up the authenticator app before turning that method on." });
      if (operation === "send-attribute-code" || operation === "confirm-user-attribute") return new AuthError("INVALID_REQUEST", { cause, message: "There is no such attribute to verify." });
      return undefined;
    case "SoftwareTokenMFANotFoundException":
      return new AuthError("INVALID_REQUEST", { cause, message: "Set up the authenticator app first." });
    default:
      return undefined;
  }
}

/** Cognito does not say how long its own code limit lasts; this is a polite first wait. */
export const COGNITO_LIMIT_RETRY_AFTER_SECONDS = 60;

/**
 * True when an error from ResendConfirmationCode or ForgotPassword would tell an unknown (or
 * already confirmed, or unreachable) account apart from a known one. Those routes then answer
 * as if a code went out, so the same status and keys come back for every username (security
 * check 36). With PreventUserExistenceErrors ENABLED, Cognito already does this for unknown
 * users; LEGACY clients and the other states need it here.
 */
export function isAccountExistenceTell(error: unknown, operation: "resend-sign-up-code" | "reset-password"): boolean {
  // The port has already mapped it: the SDK's exception is kept as the cause.
  const raw = isAuthError(error) ? error.cause : error;
  const name = errorName(raw);
  const message = raw instanceof Error ? raw.message : "";
  if (name === "UserNotFoundException") return true;
  // "User is already confirmed." / "no registered/verified email or phone_number"
  if (name === "InvalidParameterException") return true;
  // A disabled user on reset; never a secret-hash failure, which is ours to see.
  if (name === "NotAuthorizedException" && operation === "reset-password") return !/secret hash/i.test(message);
  return false;
}
