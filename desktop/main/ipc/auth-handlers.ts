import type { AuthService } from "../auth-service.js";
import type { AUTH_CONTRACT } from "./ipc-contract.js";
import type { IpcHandlersFor } from "./ipc-router.js";

/** Maps each IPC channel to the auth service. Nothing here returns a token. */
export function authHandlers(service: AuthService): IpcHandlersFor<Exclude<keyof typeof AUTH_CONTRACT, "auth:fetch-devices" | "auth:remember-device" | "auth:forget-device">> {
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
