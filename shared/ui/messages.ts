/**
 * What a person reads for each error code, in the demo page and the desktop renderer alike
 * (one vocabulary for both UIs). Codes are stable; these words may change. Plain TypeScript
 * with no imports, so both browser bundles can take it.
 */
export interface UiError {
  code: string;
  /** The server's message, shown where it is already written for people. */
  message: string;
  attemptsLeft?: number;
  /** Seconds until trying again makes sense. */
  retryAfter?: number;
}

export function messageFor(error: UiError): string {
  switch (error.code) {
    case "NOT_AUTHORIZED":
      return "That email and password don't match. Check them and try again.";
    case "CODE_MISMATCH":
      if (error.attemptsLeft === undefined) return "That code isn't right. Check it and try again.";
      return error.attemptsLeft === 0
        ? "That code isn't right, and there are no attempts left. Sign in again to get a new code."
        : `That code isn't right. ${attemptsText(error.attemptsLeft)}.`;
    case "CHALLENGE_EXPIRED":
      return "This sign-in has expired. Sign in again to get a new code.";
    case "CODE_EXPIRED":
      return "This code has expired. Ask for a new one.";
    case "INVALID_PASSWORD":
      return "That password is too weak. Use at least 8 characters with upper- and lower-case letters, a number and a symbol.";
    case "RATE_LIMITED":
      return error.retryAfter ? `Too many attempts. Try again in ${waitText(error.retryAfter)}.` : "Too many attempts. Wait a moment and try again.";
    case "UPSTREAM_UNAVAILABLE":
      return error.retryAfter
        ? `We can't reach the sign-in service. Try again in ${waitText(error.retryAfter)}.`
        : "We can't reach the sign-in service. Check your connection and try again.";
    case "PASSWORD_RESET_REQUIRED":
      return "Your password must be reset before you can sign in.";
    case "USER_NOT_CONFIRMED":
      return "This account isn't confirmed yet.";
    case "USERNAME_EXISTS":
      return "An account with this username already exists. Sign in instead, or reset the password.";
    case "NOT_SIGNED_IN":
      return "You're signed out. Sign in again.";
    case "FORBIDDEN":
      return "Your account doesn't have access to this.";
    case "INVALID_REQUEST":
      return error.message;
    default:
      return "Something went wrong on our side. Try again.";
  }
}

export function attemptsText(left: number): string {
  return left === 1 ? "1 attempt left" : `${left} attempts left`;
}

/** "45 seconds", "3 minutes", "1 hour". */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}

/**
 * On a password change NOT_AUTHORIZED means the current password was wrong (no e-mail was
 * typed); every other code reads as everywhere else.
 */
export function passwordChangeMessageFor(error: UiError): string {
  return error.code === "NOT_AUTHORIZED" ? "Your current password isn't right. Check it and try again." : messageFor(error);
}
