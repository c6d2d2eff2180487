import type { DeviceService } from "../device-service.js";
import type { AUTH_CONTRACT } from "./ipc-contract.js";
import type { IpcHandlersFor } from "./ipc-router.js";

export type DeviceChannel = "auth:fetch-devices" | "auth:remember-device" | "auth:forget-device";

/** The device channels: answers carry no device secret and no token (strict output schemas). */
export function deviceHandlers(service: DeviceService): IpcHandlersFor<Extract<keyof typeof AUTH_CONTRACT, DeviceChannel>> {
  return {
    "auth:fetch-devices": () => service.fetchDevices(),
    "auth:remember-device": async () => {
      await service.rememberDevice();
      return undefined;
    },
    "auth:forget-device": async (input) => {
      await service.forgetDevice(input?.deviceId ? { deviceId: input.deviceId } : {});
      return undefined;
    },
  };
}
