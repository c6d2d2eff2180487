import type { CognitoPort, NewDeviceMetadata } from "../cognito/cognito-port.js";
import { createDeviceSecret } from "../srp/index.js";
import type { RememberedDevice } from "./device-auth.js";

/** One device of the signed-in user, as `/auth/devices` lists it. */
export interface DeviceInfo {
  /** Cognito's device key. */
  id: string;
  name?: string;
  /** ISO-8601. */
  createdAt?: string;
  lastAuthenticatedAt?: string;
  remembered: boolean;
}

/** The remembered-device functions of the flow; each acts for the user of `accessToken`. */
export function deviceFunctions(cognito: CognitoPort) {
  return {
    /**
     * After a DONE with `newDevice`: makes the device's secret, registers its verifier with
     * ConfirmDevice, and returns what the caller must keep (secretly) to sign in with the device
     * later. `userConfirmationNecessary`: the pool remembers devices only when the user says so
     * (`rememberDevice`); false when it remembers every confirmed device.
     */
    async confirmDevice(input: { accessToken: string; newDevice: NewDeviceMetadata; deviceName?: string }): Promise<RememberedDevice & { userConfirmationNecessary: boolean }> {
      const { deviceKey, deviceGroupKey } = input.newDevice;
      const secret = createDeviceSecret(deviceGroupKey, deviceKey);
      const { userConfirmationNecessary } = await cognito.confirmDevice({
        accessToken: input.accessToken,
        deviceKey,
        verifierConfig: secret.verifierConfig,
        ...(input.deviceName ? { deviceName: input.deviceName } : {}),
      });
      return { deviceKey, deviceGroupKey, devicePassword: secret.devicePassword, userConfirmationNecessary };
    },

    /** UpdateDeviceStatus "remembered": later sign-ins with this device skip MFA. */
    async rememberDevice(input: { accessToken: string; deviceKey: string }): Promise<void> {
      await cognito.updateDeviceStatus({ ...input, remembered: true });
    },

    /** UpdateDeviceStatus "not_remembered": the device stays known, MFA is asked again. */
    async doNotRememberDevice(input: { accessToken: string; deviceKey: string }): Promise<void> {
      await cognito.updateDeviceStatus({ ...input, remembered: false });
    },

    /** ForgetDevice: Cognito drops the device; its key signs in as a new device from now on. */
    async forgetDevice(input: { accessToken: string; deviceKey: string }): Promise<void> {
      await cognito.forgetDevice(input);
    },

    /** ListDevices, every page. */
    async listDevices(input: { accessToken: string }): Promise<DeviceInfo[]> {
      const iso = (ms: number | undefined) => (ms === undefined ? {} : { value: new Date(ms).toISOString() });
      return (await cognito.listDevices(input)).map((device) => {
        const created = iso(device.createdAt).value;
        const last = iso(device.lastAuthenticatedAt).value;
        return {
          id: device.deviceKey,
          ...(device.name ? { name: device.name } : {}),
          ...(created ? { createdAt: created } : {}),
          ...(last ? { lastAuthenticatedAt: last } : {}),
          remembered: device.remembered,
        };
      });
    },
  };
}
