import type { AuthErrorInfo } from "../main/auth-state.js";

/** What a person reads for each error code. Codes are stable; these words may change. */
export function messageFor(error: AuthErrorInfo): string {
  switch (error.code) {
    case "NOT_AUTHORIZED":
      return "That email and password don't match. Check them and try again.";
    case "CODE_MISMATCH":
      return error.attemptsLeft === 0
        ? "That code isn't right, and there are no attempts left. Sign in again to get a new code."
        : `That code isn't right. ${attemptsText(error.attemptsLeft ?? 0)}.`;
    case "CHALLENGE_EXPIRED":
      return "This sign-in has expired. Sign in again to get a new code.";
    case "INVALID_PASSWORD":
      return "That password is too weak. Use at least 8 characters with upper- and lower-case letters, a number and a symbol.";
    case "RATE_LIMITED":
      return "Too many attempts. Wait a few minutes, then try again.";
    case "UPSTREAM_UNAVAILABLE":
      return "We can't reach the sign-in service. Check your connection and try again.";
    case "PASSWORD_RESET_REQUIRED":
      return "Your password must be reset before you can sign in.";
    case "USER_NOT_CONFIRMED":
      return "This account isn't confirmed yet.";
    case "INVALID_REQUEST":
      return error.message;
    default:
      return "Something went wrong on our side. Try again.";
  }
}

export function attemptsText(left: number): string {
  return left === 1 ? "1 attempt left" : `${left} attempts left`;
}

/** "2:05" for a number of seconds. */
export function clockText(seconds: number): string {
  const safe = Math.max(0, Math.floor(seconds));
  return `${Math.floor(safe / 60)}:${String(safe % 60).padStart(2, "0")}`;
}
