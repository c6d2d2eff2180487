import { randomUUID } from "node:crypto";
import { AuthError, isAuthError } from "../../shared/errors/auth-error.js";
import type { Flow } from "../../shared/flow/flow.js";
import { silentLogger, type Logger } from "../../shared/runtime/logger.js";
import type { AuthService } from "./auth-service.js";
import type { DeviceApi } from "./device-api.js";

export interface DeviceServiceOptions {
  flow: Pick<Flow, "listDevices" | "rememberDevice" | "forgetDevice">;
  /** The signed-in session: its access token and this app's device stay in the main process. */
  session: Pick<AuthService, "freshSession" | "sessionDevice" | "dropSessionDevice">;
  logger?: Logger;
}

export type DeviceService = DeviceApi;

/** The main-process side of `window.auth.fetchDevices / rememberDevice / forgetDevice`. */
export function createDeviceService(options: DeviceServiceOptions): DeviceService {
  const { flow, session } = options;
  const logger = options.logger ?? silentLogger;

  /** Only AuthErrors leave; logged by name and outcome, never with a device key or token. */
  async function run<T>(name: string, body: (accessToken: string) => Promise<T>): Promise<T> {
    const requestId = randomUUID();
    try {
      const { accessToken } = await session.freshSession();
      const result = await body(accessToken);
      logger.info(`device.${name}`, { requestId });
      return result;
    } catch (error) {
      if (isAuthError(error)) {
        logger.info(`device.${name}-failed`, { requestId, code: error.code });
        throw error;
      }
      logger.error(`device.${name}-failed`, { requestId, message: (error as Error)?.message });
      throw new AuthError("INTERNAL", { cause: error });
    }
  }

  function thisDevice() {
    const current = session.sessionDevice();
    if (!current?.device) throw new AuthError("INVALID_REQUEST", { message: "This app has no device registered for this sign-in." });
    return { signInName: current.signInName, deviceKey: current.device.deviceKey };
  }

  return Object.freeze({
    fetchDevices: () =>
      run("list", async (accessToken) => {
        const current = session.sessionDevice()?.device?.deviceKey;
        const listed = await flow.listDevices({ accessToken });
        return { devices: listed.map((device) => ({ ...device, current: device.id === current })) };
      }),

    rememberDevice: () =>
      run("remember", async (accessToken) => {
        await flow.rememberDevice({ accessToken, deviceKey: thisDevice().deviceKey });
      }),

    forgetDevice: (input?: { deviceId?: string }) =>
      run("forget", async (accessToken) => {
        const current = session.sessionDevice();
        const ours = current?.device?.deviceKey;
        const deviceKey = input?.deviceId ?? thisDevice().deviceKey;
        await flow.forgetDevice({ accessToken, deviceKey });
        // Our own device: its secret means nothing now; the next sign-in is a new device (MFA).
        if (deviceKey === ours) await session.dropSessionDevice();
      }),
  } satisfies DeviceService);
}
