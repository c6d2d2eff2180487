import type { DeviceChannel } from "../../desktop/main/ipc/device-handlers.js";
import type { IpcHandlersFor } from "../../desktop/main/ipc/ipc-router.js";

/** Device handlers for router tests that are not about devices: each records its channel. */
export function deviceHandlerDoubles(calls: string[]): IpcHandlersFor<DeviceChannel> {
  return {
    "auth:fetch-devices": async () => (calls.push("auth:fetch-devices"), { devices: [] }),
    "auth:remember-device": async () => void calls.push("auth:remember-device"),
    "auth:forget-device": async () => void calls.push("auth:forget-device"),
  };
}
