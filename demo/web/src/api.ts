// The page's only contact with the server: JSON over same-origin fetch. Tokens stay in
// HttpOnly cookies the browser sends by itself; nothing here ever sees one.
import type { CodeDeliveryDetails, DeviceStatus, FlowResult, MfaType, StepDetails } from "../../../shared/flow/steps.js";

export type { CodeDeliveryDetails, MfaType } from "../../../shared/flow/steps.js";
/** Every step of the contract, DONE included (issue 13's steps too). */
export type SignInResult = FlowResult;
export type OpenStep = StepDetails;
export type { DeviceStatus };

export interface Me {
  user: { sub: string; username: string; email: string | null };
  servedAt: string;
}

/** Contract §1b: what a code went to, for sign-up, reset and attribute codes. */
export interface AccountCodeDelivery {
  deliveryMedium?: string;
  destination?: string;
  attributeName?: string;
}

export interface SignUpResult {
  isSignUpComplete: boolean;
  userId?: string;
  nextStep: { signUpStep: "CONFIRM_SIGN_UP" | "DONE"; codeDeliveryDetails?: AccountCodeDelivery };
}

export interface ResetPasswordResult {
  isPasswordReset: boolean;
  nextStep: { resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE" | "DONE"; codeDeliveryDetails?: AccountCodeDelivery };
}

export type UpdateAttributesResult = Record<string, { isUpdated: boolean; nextStep: { updateAttributeStep: "CONFIRM_ATTRIBUTE_WITH_CODE" | "DONE"; codeDeliveryDetails?: AccountCodeDelivery } }>;

export interface MfaPreference {
  enabled?: MfaType[];
  preferred?: MfaType;
}

export type MfaSetting = "ENABLED" | "DISABLED" | "PREFERRED" | "NOT_PREFERRED";

/** Contract §1c. */
export interface Device {
  id: string;
  name: string;
  createdAt: string;
  lastAuthenticatedAt: string;
  remembered: boolean;
  current: boolean;
}

/** The contract's error body, or a network failure (code "NETWORK"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly attemptsLeft?: number,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, "NETWORK", "Can't reach the server. Check your connection and try again.");
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; attemptsLeft?: number; retryAfter?: number } } | null;
  if (!response.ok) {
    const error = data?.error;
    const retryHeader = Number(response.headers.get("retry-after"));
    throw new ApiError(
      response.status,
      // A route this server does not serve (e.g. sign-up turned off) answers a plain 404.
      error?.code ?? (response.status === 404 ? "NOT_FOUND" : "INTERNAL"),
      error?.message ?? "Something went wrong. Try again.",
      error?.attemptsLeft,
      error?.retryAfter ?? (Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined),
    );
  }
  return data as T;
}

const post = <T>(path: string, body: unknown = {}) => call<T>("POST", path, body);

export const api = {
  /** Without a password on a USER_AUTH server: the first-factor choice. */
  signIn: (username: string, password?: string) => post<SignInResult>("/auth/sign-in", password === undefined ? { username } : { username, password }),
  confirmSignIn: (challengeResponse: string, userAttributes?: Record<string, string>) =>
    post<SignInResult>("/auth/confirm-sign-in", userAttributes ? { challengeResponse, userAttributes } : { challengeResponse }),
  /** A new code for the open SMS or e-mail step; the server, not the page, holds what it needs. */
  resendCode: () => post<SignInResult>("/auth/resend-code"),
  signOut: () => post<void>("/auth/sign-out"),
  /** The demo's protected route: requireAuth() on the server, refreshing expired tokens. */
  me: () => call<Me>("GET", "/api/me"),

  signUp: (username: string, password: string, userAttributes?: Record<string, string>) =>
    post<SignUpResult>("/auth/sign-up", userAttributes ? { username, password, userAttributes } : { username, password }),
  /** A SignUpResult, or a SignInResult when the server signs the new user in (docs/account.md). */
  confirmSignUp: (username: string, confirmationCode: string) => post<SignUpResult | SignInResult>("/auth/confirm-sign-up", { username, confirmationCode }),
  resendSignUpCode: (username: string) => post<{ codeDeliveryDetails?: AccountCodeDelivery }>("/auth/resend-sign-up-code", { username }),
  resetPassword: (username: string) => post<ResetPasswordResult>("/auth/reset-password", { username }),
  confirmResetPassword: (username: string, confirmationCode: string, newPassword: string) =>
    post<ResetPasswordResult>("/auth/confirm-reset-password", { username, confirmationCode, newPassword }),

  updatePassword: (oldPassword: string, newPassword: string) => post<void>("/auth/update-password", { oldPassword, newPassword }),
  userAttributes: () => call<{ userAttributes: Record<string, string> }>("GET", "/auth/user-attributes"),
  updateUserAttributes: (userAttributes: Record<string, string>) => post<UpdateAttributesResult>("/auth/update-user-attributes", { userAttributes }),
  confirmUserAttribute: (userAttributeKey: string, confirmationCode: string) => post<void>("/auth/confirm-user-attribute", { userAttributeKey, confirmationCode }),
  sendUserAttributeVerificationCode: (userAttributeKey: string) =>
    post<{ codeDeliveryDetails?: AccountCodeDelivery }>("/auth/send-user-attribute-verification-code", { userAttributeKey }),
  mfaPreference: () => call<MfaPreference>("GET", "/auth/mfa-preference"),
  updateMfaPreference: (settings: Partial<Record<"sms" | "totp" | "email", MfaSetting>>) => post<MfaPreference>("/auth/update-mfa-preference", settings),
  setUpTotp: () => post<{ sharedSecret: string; setupUri: string }>("/auth/set-up-totp"),
  verifyTotpSetup: (code: string, friendlyDeviceName?: string) => post<void>("/auth/verify-totp-setup", friendlyDeviceName ? { code, friendlyDeviceName } : { code }),

  devices: () => call<{ devices: Device[] }>("GET", "/auth/devices"),
  rememberDevice: () => post<void>("/auth/remember-device"),
  forgetDevice: (deviceId?: string) => post<void>("/auth/forget-device", deviceId ? { deviceId } : {}),
};
