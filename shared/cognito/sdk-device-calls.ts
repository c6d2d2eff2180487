import {
  ConfirmDeviceCommand,
  ForgetDeviceCommand,
  ListDevicesCommand,
  UpdateDeviceStatusCommand,
  type CognitoIdentityProviderClient,
  type DeviceType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { CognitoPort, DeviceRecord } from "./cognito-port.js";
import type { SdkCall } from "./sdk-call.js";

/** The remembered-device calls of the port: each acts for the user the access token names. */
export function sdkDeviceCalls(
  client: CognitoIdentityProviderClient,
  call: SdkCall,
): Pick<CognitoPort, "confirmDevice" | "updateDeviceStatus" | "forgetDevice" | "listDevices"> {
  return {
    async confirmDevice({ accessToken, deviceKey, deviceName, verifierConfig }) {
      const command = new ConfirmDeviceCommand({
        AccessToken: accessToken,
        DeviceKey: deviceKey,
        DeviceSecretVerifierConfig: verifierConfig,
        ...(deviceName ? { DeviceName: deviceName } : {}),
      });
      const output = await call("device", (o) => client.send(command, o));
      return { userConfirmationNecessary: output.UserConfirmationNecessary ?? false };
    },

    async updateDeviceStatus({ accessToken, deviceKey, remembered }) {
      const command = new UpdateDeviceStatusCommand({
        AccessToken: accessToken,
        DeviceKey: deviceKey,
        DeviceRememberedStatus: remembered ? "remembered" : "not_remembered",
      });
      await call("device", (o) => client.send(command, o));
    },

    async forgetDevice({ accessToken, deviceKey }) {
      await call("device", (o) => client.send(new ForgetDeviceCommand({ AccessToken: accessToken, DeviceKey: deviceKey }), o));
    },

    async listDevices({ accessToken }) {
      const devices: DeviceRecord[] = [];
      let paginationToken: string | undefined;
      // Bounded: a pool keeps few devices per user; a runaway token must not loop forever.
      for (let page = 0; page < 50; page++) {
        const command = new ListDevicesCommand({ AccessToken: accessToken, Limit: 60, ...(paginationToken ? { PaginationToken: paginationToken } : {}) });
        const output = await call("device", (o) => client.send(command, o));
        devices.push(...(output.Devices ?? []).flatMap(toDeviceRecord));
        paginationToken = output.PaginationToken;
        if (!paginationToken) break;
      }
      return devices;
    },
  };
}

function toDeviceRecord(device: DeviceType): DeviceRecord[] {
  if (!device.DeviceKey) return [];
  const attribute = (name: string) => device.DeviceAttributes?.find((entry) => entry.Name === name)?.Value;
  const name = attribute("device_name");
  return [
    {
      deviceKey: device.DeviceKey,
      ...(name ? { name } : {}),
      ...(device.DeviceCreateDate ? { createdAt: device.DeviceCreateDate.getTime() } : {}),
      ...(device.DeviceLastAuthenticatedDate ? { lastAuthenticatedAt: device.DeviceLastAuthenticatedDate.getTime() } : {}),
      remembered: attribute("dev:device_remembered_status") === "remembered",
    },
  ];
}
