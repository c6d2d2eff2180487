import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "../flow/challenge-response.js";

/**
 * The fields of every account call, checked before any Cognito call. Shapes, not objects: the
 * HTTP routes build `z.object(shape)` (unknown fields dropped), the desktop's IPC contract
 * `z.strictObject(shape)` (unknown fields refused).
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const username = z
  .string()
  .trim()
  .min(1, "username is required")
  .max(128, "username is at most 128 characters")
  .refine((value) => !CONTROL_CHARACTERS.test(value), "username must not contain control characters");
// Passwords reach Cognito exactly as typed: spaces and any Unicode included.
const password = z.string().min(1, "password is required").max(MAX_PASSWORD_LENGTH, `password is at most ${MAX_PASSWORD_LENGTH} characters`);
/** Cognito's sign-up, reset, attribute and TOTP codes are six digits; anything else costs no attempt. */
const code = z.string().regex(/^\d{6}$/, "the code is 6 digits");
const attributeName = z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, "attribute names are letters, digits and _ : . -");
const userAttributes = z
  .record(attributeName, z.string().max(2048).refine((value) => !CONTROL_CHARACTERS.test(value), "attribute values must not contain control characters"))
  .refine((attributes) => Object.keys(attributes).length <= 25, "at most 25 attributes");
const preference = z.enum(["ENABLED", "DISABLED", "PREFERRED", "NOT_PREFERRED"]);

export const ACCOUNT_INPUT_SHAPES = {
  signUp: { username, password, userAttributes: userAttributes.optional() },
  confirmSignUp: { username, confirmationCode: code },
  resendSignUpCode: { username },
  resetPassword: { username },
  confirmResetPassword: { username, confirmationCode: code, newPassword: password },
  updatePassword: { oldPassword: password, newPassword: password },
  updateUserAttributes: { userAttributes: userAttributes.refine((attributes) => Object.keys(attributes).length > 0, "name at least one attribute") },
  confirmUserAttribute: { userAttributeKey: attributeName, confirmationCode: code },
  sendUserAttributeVerificationCode: { userAttributeKey: attributeName },
  updateMFAPreference: { sms: preference.optional(), totp: preference.optional(), email: preference.optional() },
  verifyTOTPSetup: {
    code,
    friendlyDeviceName: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .refine((value) => !CONTROL_CHARACTERS.test(value), "friendlyDeviceName must not contain control characters")
      .optional(),
  },
} as const satisfies Record<string, z.ZodRawShape>;
