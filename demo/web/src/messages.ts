// Turns the contract's error codes into sentences a person can act on.
import type { ApiError } from "./api.js";

export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}

export function messageFor(error: ApiError): string {
  switch (error.code) {
    case "CODE_MISMATCH": {
      const left = error.attemptsLeft;
      if (left === undefined) return "That code isn't right. Check it and try again.";
      return `That code isn't right. ${left} attempt${left === 1 ? "" : "s"} left.`;
    }
    case "CHALLENGE_EXPIRED":
      return "This sign-in has expired. Sign in again to get a new code.";
    case "RATE_LIMITED":
      return error.retryAfter ? `Too many attempts. Try again in ${waitText(error.retryAfter)}.` : "Too many attempts. Wait a moment and try again.";
    case "NOT_AUTHORIZED":
      return "Incorrect email or password.";
    case "UPSTREAM_UNAVAILABLE":
      return error.retryAfter ? `The sign-in service is busy. Try again in ${waitText(error.retryAfter)}.` : error.message;
    default:
      return error.message;
  }
}
