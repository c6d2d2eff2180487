import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "../../../shared/errors/error-codes.js";
import { ACCOUNT_CONTRACT } from "./account-contract.js";

/**
 * Every IPC channel between the renderer and the main process, with its input and output
 * schemas. The preload imports only the types from here; the main process validates every
 * input against these schemas, and every output too, so a token field added by mistake fails
 * loudly instead of reaching the renderer (the output schemas are strict).
 */

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const userSchema = z.strictObject({ sub: z.string(), username: z.string(), email: z.string().optional() });

const firstFactorSchema = z.enum(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]);

const openStepSchema = z.strictObject({
  signInStep: z.enum([
    "CONFIRM_SIGN_IN_WITH_SMS_CODE",
    "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
    "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
    "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
    "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION",
    "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
    "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP",
    "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
    "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
    "CONFIRM_SIGN_IN_WITH_PASSWORD",
  ]),
  codeDeliveryDetails: z.strictObject({ deliveryMedium: z.enum(["SMS", "EMAIL"]), destination: z.string() }).optional(),
  allowedMFATypes: z.array(z.enum(["SMS", "TOTP", "EMAIL"])).optional(),
  availableChallenges: z.array(firstFactorSchema).optional(),
  totpSetupDetails: z.strictObject({ sharedSecret: z.string(), setupUri: z.string() }).optional(),
  missingAttributes: z.array(z.string()).optional(),
  expiresAt: z.string(),
});

export const signInResultSchema = z.union([
  z.strictObject({ isSignedIn: z.literal(false), nextStep: openStepSchema }),
  // RESET_PASSWORD / CONFIRM_SIGN_UP: the sign-in ends, nothing stays open (the account screens continue).
  z.strictObject({ isSignedIn: z.literal(false), nextStep: z.strictObject({ signInStep: z.enum(["RESET_PASSWORD", "CONFIRM_SIGN_UP"]) }) }),
  z.strictObject({
    isSignedIn: z.literal(true),
    nextStep: z.strictObject({ signInStep: z.literal("DONE") }),
    user: userSchema,
    device: z.strictObject({ status: z.enum(["new", "remembered", "not-remembered"]) }).optional(),
  }),
]);

/** Cognito's device key ("<region>_<uuid>", at most 55 characters). */
const deviceKeySchema = z.string().min(1).max(55).regex(/^[\w-]+_[0-9a-f-]+$/, "must be a device key");

const deviceListSchema = z.strictObject({
  devices: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string().optional(),
      createdAt: z.string().optional(),
      lastAuthenticatedAt: z.string().optional(),
      remembered: z.boolean(),
      current: z.boolean(),
    }),
  ),
});

export const authStateSchema = z.strictObject({
  status: z.enum(["signed-out", "challenge", "signed-in"]),
  user: userSchema.optional(),
  nextStep: openStepSchema.optional(),
  keychain: z.enum(["persisted", "memory-only"]),
  attemptsLeft: z.number().int().min(0).optional(),
  remembered: z.boolean().optional(),
  offline: z.boolean().optional(),
  passwordOptional: z.boolean().optional(),
});

/** No arguments: `ipcRenderer.invoke(channel)` sends `undefined`. */
const noInput = z.undefined();

export const AUTH_CONTRACT = {
  "auth:sign-in": {
    input: z.strictObject({
      username: z.string().trim().min(1).max(128).refine((value) => !CONTROL_CHARACTERS.test(value), "must not contain control characters"),
      password: z.string().min(1).max(256).optional(),
      preferredChallenge: firstFactorSchema.optional(),
      remember: z.boolean(),
    }),
    output: signInResultSchema,
  },
  "auth:confirm-sign-in": {
    input: z.strictObject({
      challengeResponse: z.string().min(1).max(256),
      // The new-password step's missing attributes (e.g. "name"), at most a handful.
      userAttributes: z
        .record(z.string().regex(/^[\w:.-]{1,64}$/), z.string().max(2048))
        .refine((value) => Object.keys(value).length <= 20, "too many attributes")
        .optional(),
    }),
    output: signInResultSchema,
  },
  "auth:resend-code": { input: noInput, output: signInResultSchema },
  "auth:sign-out": { input: noInput, output: z.undefined() },
  "auth:get-state": { input: noInput, output: authStateSchema },
  // Remembered devices (contract §1c): no device secret and no token in any answer.
  "auth:fetch-devices": { input: noInput, output: deviceListSchema },
  "auth:remember-device": { input: noInput, output: z.undefined() },
  "auth:forget-device": { input: z.union([z.undefined(), z.strictObject({ deviceId: deviceKeySchema.optional() })]), output: z.undefined() },
} as const;

/** Every channel: the sign-in ones above and the account ones (account-contract.ts). */
export const IPC_CONTRACT = { ...AUTH_CONTRACT, ...ACCOUNT_CONTRACT } as const;

export type IpcChannel = keyof typeof IPC_CONTRACT;
export type IpcInput<C extends IpcChannel> = z.output<(typeof IPC_CONTRACT)[C]["input"]>;
export type IpcOutput<C extends IpcChannel> = z.output<(typeof IPC_CONTRACT)[C]["output"]>;

/** The one push channel: main → renderer, an AuthState on every change. */
export const STATE_CHANNEL = "auth:state";
export type StateChannel = typeof STATE_CHANNEL;

/** What every handler answers: Electron carries only an Error's message, so errors travel as data. */
export type IpcEnvelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; attemptsLeft?: number; retryAfter?: number } };

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === "string" && Object.hasOwn(IPC_CONTRACT, value);
}

/** A coded error envelope with the contract's message for `code`. */
export function errorEnvelope(code: ErrorCode, message: string = ERROR_CODES[code].message): IpcEnvelope<never> {
  return { ok: false, error: { code, message } };
}
