/**
 * The stable error codes (docs/http-api.md#errors), declared as data: one place decides each code's HTTP
 * status and the message a person reads. Codes never change; messages may be reworded.
 */
export const ERROR_CODES = {
  INVALID_REQUEST: { status: 400, message: "The request is not valid." },
  NOT_FOUND: { status: 404, message: "There is no such route." },
  METHOD_NOT_ALLOWED: { status: 405, message: "This method is not allowed here." },
  PAYLOAD_TOO_LARGE: { status: 413, message: "The request body is too large." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Send the request body as application/json." },
  FORBIDDEN_ORIGIN: { status: 403, message: "Cross-site requests are not allowed." },
  NOT_AUTHORIZED: { status: 401, message: "Incorrect username or password." },
  CODE_MISMATCH: { status: 401, message: "That code is not right. Check it and try again." },
  CHALLENGE_EXPIRED: { status: 401, message: "This sign-in has expired. Sign in again." },
  INVALID_PASSWORD: { status: 400, message: "The new password does not meet the password policy." },
  PASSWORD_RESET_REQUIRED: { status: 403, message: "A password reset is required for this account." },
  USER_NOT_CONFIRMED: { status: 403, message: "This account is not confirmed yet." },
  RATE_LIMITED: { status: 429, message: "Too many attempts. Wait a moment and try again." },
  NOT_SIGNED_IN: { status: 401, message: "You are not signed in." },
  FORBIDDEN: { status: 403, message: "You do not have access to this." },
  USERNAME_EXISTS: { status: 409, message: "An account with this username already exists." },
  CODE_EXPIRED: { status: 401, message: "This code has expired. Ask for a new one." },
  UPSTREAM_UNAVAILABLE: { status: 503, message: "The sign-in service is unavailable. Try again shortly." },
  INTERNAL: { status: 500, message: "Something went wrong on our side." },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
