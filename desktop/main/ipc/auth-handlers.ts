import type { AuthService } from "../auth-service.js";
import type { IpcHandlers } from "./ipc-router.js";

/** Maps each IPC channel to the auth service. Nothing here returns a token. */
export function authHandlers(service: AuthService): IpcHandlers {
  return {
    "auth:sign-in": (input) => service.signIn(input),
    "auth:confirm-sign-in": (input) => service.confirmSignIn(input),
    "auth:resend-code": () => service.resendCode(),
    "auth:sign-out": async () => {
      await service.signOut();
      return undefined;
    },
    "auth:get-state": () => service.getState(),
  };
}
