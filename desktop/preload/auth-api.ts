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
  const pick = (input: SignInInput) => ({ username: input?.username, password: input?.password, remember: input?.remember });

  return Object.freeze({
    signIn: (input: SignInInput) => call("auth:sign-in", pick(input)),
    confirmSignIn: (input: { challengeResponse: string }) => call("auth:confirm-sign-in", { challengeResponse: input?.challengeResponse }),
    resendCode: () => call("auth:resend-code"),
    signOut: () => call<void>("auth:sign-out"),
    getState: () => call<AuthState>("auth:get-state"),
    onState(listener: (state: AuthState) => void) {
      if (typeof listener !== "function") throw new TypeError("onState needs a function");
      return transport.subscribe((state) => listener(state));
    },
  }) as AuthApi;
}
