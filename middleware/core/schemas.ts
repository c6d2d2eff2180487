import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "../../shared/flow/challenge-response.js";

// One schema per route. Unknown fields are dropped (so "__proto__" never reaches an object we
// use); wrong types, missing fields and over-long values are INVALID_REQUEST before Cognito.

// Control characters never belong in a username; they are how log injection starts.
const username = z
  .string()
  .min(1, "username is required")
  .max(128, "username is at most 128 characters")
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "username must not contain control characters")
  .refine((value) => value.trim().length > 0, "username is required");

export const signInBody = z.object({
  username,
  // Passwords reach Cognito exactly as typed: spaces and any Unicode included.
  password: z.string().min(1, "password is required").max(MAX_PASSWORD_LENGTH, `password is at most ${MAX_PASSWORD_LENGTH} characters`),
});

export const confirmSignInBody = z.object({
  challengeResponse: z.string().min(1, "challengeResponse is required").max(MAX_PASSWORD_LENGTH),
  userAttributes: z
    .record(z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, "attribute names are letters, digits and _ : . -"), z.string().max(2048))
    .refine((attributes) => Object.keys(attributes).length <= 25, "at most 25 attributes")
    .optional(),
  /** Body transport only: the id the open step returned. */
  challengeToken: z.string().max(128).optional(),
});

export const refreshBody = z.object({
  /** Body transport only. */
  refreshToken: z.string().min(1).max(8192).optional(),
  /** Body transport only: `user.username` from the sign-in result (Cognito's name, for SECRET_HASH). */
  username: z.string().min(1).max(256).optional(),
});

export const signOutBody = z.object({
  global: z.boolean().optional(),
  /** Body transport only. */
  refreshToken: z.string().min(1).max(8192).optional(),
  accessToken: z.string().min(1).max(8192).optional(),
});

/** The first problem, said plainly. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request is not valid.";
  const field = issue.path.join(".");
  if (issue.code === "invalid_type") return field ? `${field} must be a ${issue.expected}.` : "The body must be a JSON object.";
  return issue.message.includes(" ") ? `${capitalise(issue.message)}.` : `${field}: ${issue.message}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
