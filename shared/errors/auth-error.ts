import { ERROR_CODES, type ErrorCode } from "./error-codes.js";

/** Extra facts an error carries to the caller (never secrets). */
export interface AuthErrorDetails {
  /** On CODE_MISMATCH: how many more answers this challenge accepts. */
  attemptsLeft?: number;
  /** On RATE_LIMITED and UPSTREAM_UNAVAILABLE: seconds to wait before trying again. */
  retryAfter?: number;
}

/**
 * The one error type of the product. `code` is stable and is what callers and tests match;
 * `message` is for people. `cause` keeps the original error for the server log only.
 */
export class AuthError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: AuthErrorDetails;

  constructor(code: ErrorCode, options: { message?: string; cause?: unknown } & AuthErrorDetails = {}) {
    const { message, cause, ...details } = options;
    super(message ?? ERROR_CODES[code].message, cause === undefined ? undefined : { cause });
    this.name = "AuthError";
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }

  /** The JSON error body (docs/http-api.md#errors). */
  toJSON(): { error: { code: ErrorCode; message: string } & AuthErrorDetails } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
