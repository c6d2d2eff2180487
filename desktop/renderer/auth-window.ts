import type { AuthApi, AuthErrorInfo } from "../main/auth-state.js";

declare global {
  interface Window {
    /** Exposed by the preload (or, in browser tests, by an init script on Playwright bindings). */
    readonly auth: AuthApi;
  }
}

/** The error a `window.auth` call rejected with, as the renderer shows it. */
export function errorInfoOf(reason: unknown): AuthErrorInfo {
  if (typeof reason === "object" && reason !== null && "code" in reason && typeof (reason as AuthErrorInfo).code === "string") {
    return reason as AuthErrorInfo;
  }
  return { code: "INTERNAL", message: "Something went wrong. Try again." };
}
