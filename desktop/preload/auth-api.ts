import type { AuthApi, AuthErrorInfo, AuthState, SignInInput } from "../main/auth-state.js";
import type { IpcChannel, IpcEnvelope } from "../main/ipc/ipc-contract.js";

/** How the API reaches the main process: `ipcRenderer` in Electron, Playwright bindings in tests. */
export interface AuthTransport {
  invoke(channel: IpcChannel, payload?: unknown): Promise<IpcEnvelope<unknown>>;
  subscribe(listener: (state: AuthState) => void): () => void;
}

/**
 * Builds the contract's `window.auth` on a transport. Errors reject with a plain
 * `{name, code, message, attemptsLeft?, retryAfter?}` object: across the context bridge an
 * Error keeps only its message, and the renderer needs the code.
 */
export function buildAuthApi(transport: AuthTransport): AuthApi {
  async function call<T>(channel: IpcChannel, payload?: unknown): Promise<T> {
    const envelope = await transport.invoke(channel, payload);
    if (envelope.ok) return envelope.data as T;
    const error: AuthErrorInfo & { name: string } = { name: "AuthError", ...envelope.error };
    throw Object.freeze(error);
  }
  // Copy only the fields the contract knows: nothing else the page puts on its objects crosses.
  /** The named fields of an object, copied (absent ones left out, so optional fields stay optional). */
  const fields = (input: unknown, names: readonly string[]): Record<string, unknown> => {
    const source = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const name of names) if (source[name] !== undefined) copy[name] = source[name];
    return copy;
  };

  return Object.freeze({
    signIn: (input: SignInInput) => call("auth:sign-in", { remember: input?.remember, ...fields(input, ["username", "password", "preferredChallenge"]) }),
    confirmSignIn: (input: unknown) => call("auth:confirm-sign-in", fields(input, ["challengeResponse", "userAttributes"])),
    resendCode: () => call("auth:resend-code"),
    signOut: () => call<void>("auth:sign-out"),
    getState: () => call<AuthState>("auth:get-state"),
    fetchDevices: () => call("auth:fetch-devices"),
    rememberDevice: () => call<void>("auth:remember-device"),
    forgetDevice: (input?: unknown) => call<void>("auth:forget-device", input === undefined ? undefined : fields(input, ["deviceId"])),
    signUp: (input: unknown) => call("account:sign-up", fields(input, ["username", "password", "userAttributes"])),
    confirmSignUp: (input: unknown) => call("account:confirm-sign-up", fields(input, ["username", "confirmationCode"])),
    resendSignUpCode: (input: unknown) => call("account:resend-sign-up-code", fields(input, ["username"])),
    resetPassword: (input: unknown) => call("account:reset-password", fields(input, ["username"])),
    confirmResetPassword: (input: unknown) => call("account:confirm-reset-password", fields(input, ["username", "confirmationCode", "newPassword"])),
    updatePassword: (input: unknown) => call("account:update-password", fields(input, ["oldPassword", "newPassword"])),
    fetchUserAttributes: () => call("account:fetch-user-attributes"),
    updateUserAttributes: (input: unknown) => call("account:update-user-attributes", fields(input, ["userAttributes"])),
    confirmUserAttribute: (input: unknown) => call("account:confirm-user-attribute", fields(input, ["userAttributeKey", "confirmationCode"])),
    sendUserAttributeVerificationCode: (input: unknown) => call("account:send-user-attribute-verification-code", fields(input, ["userAttributeKey"])),
    fetchMFAPreference: () => call("account:fetch-mfa-preference"),
    updateMFAPreference: (input: unknown) => call("account:update-mfa-preference", fields(input, ["sms", "totp", "email"])),
    setUpTOTP: () => call("account:set-up-totp"),
    verifyTOTPSetup: (input: unknown) => call("account:verify-totp-setup", fields(input, ["code", "friendlyDeviceName"])),
    onState(listener: (state: AuthState) => void) {
      if (typeof listener !== "function") throw new TypeError("onState needs a function");
      return transport.subscribe((state) => listener(state));
    },
  }) as AuthApi;
}
