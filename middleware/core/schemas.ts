import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "../../shared/flow/challenge-response.js";

// The fields the endpoints' body schemas share (each endpoint declares its own body beside its
// handler). Unknown fields are dropped (so "__proto__" never reaches an object we use); wrong
// types, missing fields and over-long values are INVALID_REQUEST before Cognito.

/** Control characters never belong in a username; they are how log injection starts. */
export const usernameField = z
  .string()
  .min(1, "username is required")
  .max(128, "username is at most 128 characters")
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "username must not contain control characters")
  .refine((value) => value.trim().length > 0, "username is required");

/** Passwords reach Cognito exactly as typed: spaces and any Unicode included. */
export const passwordField = z.string().min(1, "password is required").max(MAX_PASSWORD_LENGTH, `password is at most ${MAX_PASSWORD_LENGTH} characters`);

export const challengeResponseField = z.string().min(1, "challengeResponse is required").max(MAX_PASSWORD_LENGTH);

/** User attributes by name, as Cognito takes them. */
export const attributesField = z
  .record(z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, "attribute names are letters, digits and _ : . -"), z.string().max(2048))
  .refine((attributes) => Object.keys(attributes).length <= 25, "at most 25 attributes");

/** A token in a body (body transport). */
export const tokenField = z.string().min(1).max(8192);
