import { hostname } from "node:os";
import type { NewDeviceMetadata } from "../../shared/cognito/cognito-port.js";
import type { RememberedDevice } from "../../shared/flow/device-auth.js";
import type { Flow } from "../../shared/flow/flow.js";
import { silentLogger, type Logger } from "../../shared/runtime/logger.js";
import { systemClock, type Clock } from "../../shared/runtime/clock.js";
import { isAuthError } from "../../shared/errors/auth-error.js";
import type { PoolIdentity } from "./auth-service.js";
import type { SecretVault } from "./keychain/keychain-vault.js";
import type { StoredDevice } from "./keychain/stored-device.js";

export interface DeviceKeeperOptions {
  flow: Pick<Flow, "confirmDevice">;
  /** Where devices go with "remember me": the OS keychain (its own service), or nowhere. */
  vault: SecretVault<StoredDevice>;
  pool: PoolIdentity;
  /** The name Cognito lists the device under. Default "<hostname> (desktop app)". */
  deviceName?: string;
  clock?: Clock;
  logger?: Logger;
}

/**
 * This app's remembered device, per sign-in name: in memory for the app's run, and in the
 * keychain only with "remember me" (beside the refresh token, under its own keychain service so
 * that signing out, which deletes the refresh token, keeps the device). The device secret never
 * leaves the main process.
 */
export interface DeviceKeeper {
  /** The device to present at the next sign-in of `signInName` (memory first, then the keychain). */
  forSignIn(signInName: string): Promise<RememberedDevice | undefined>;
  /**
   * After DONE: confirms a new device with Cognito (ConfirmDevice) and keeps it, or keeps the
   * one that signed in; persisted only when `remember`. Never throws: a device is a bonus.
   */
  afterSignIn(input: { signInName: string; accessToken: string; newDevice?: NewDeviceMetadata; presented?: RememberedDevice; remember: boolean; requestId?: string }): Promise<RememberedDevice | undefined>;
  /** Forgets this app's device for `signInName` (memory and keychain). */
  drop(signInName: string): Promise<void>;
}

export function createDeviceKeeper(options: DeviceKeeperOptions): DeviceKeeper {
  const { flow, vault, pool } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const deviceName = options.deviceName ?? `${hostname()} (desktop app)`.slice(0, 256);
  const inMemory = new Map<string, RememberedDevice>();
  const keyOf = (signInName: string) => signInName.trim().toLowerCase();

  async function persist(account: string, device: RememberedDevice, remember: boolean): Promise<void> {
    if (!remember) {
      // "Remember me" off: no device secret on disk for this account, not even an older one.
      await vault.remove(account);
      return;
    }
    await vault.write(account, { version: 1, ...device, userPoolId: pool.userPoolId, clientId: pool.clientId, savedAt: new Date(clock.now()).toISOString() });
  }

  return {
    async forSignIn(signInName) {
      const account = keyOf(signInName);
      const held = inMemory.get(account);
      if (held) return held;
      const read = await vault.read(account);
      if (read.kind !== "found") return undefined;
      const { entry } = read;
      // A device of another pool or client means nothing here; do not present it.
      if (entry.userPoolId !== pool.userPoolId || entry.clientId !== pool.clientId) return undefined;
      const device = { deviceKey: entry.deviceKey, deviceGroupKey: entry.deviceGroupKey, devicePassword: entry.devicePassword };
      inMemory.set(account, device);
      return device;
    },

    async afterSignIn({ signInName, accessToken, newDevice, presented, remember, requestId }) {
      const account = keyOf(signInName);
      let device = presented;
      if (newDevice) {
        try {
          const confirmed = await flow.confirmDevice({ accessToken, newDevice, deviceName });
          device = { deviceKey: confirmed.deviceKey, deviceGroupKey: confirmed.deviceGroupKey, devicePassword: confirmed.devicePassword };
          logger.info("device.confirmed", { requestId, userConfirmationNecessary: confirmed.userConfirmationNecessary });
        } catch (error) {
          // Signed in all the same; the next sign-in is simply a new device again.
          logger.warn("device.confirm-failed", { requestId, code: isAuthError(error) ? error.code : "INTERNAL" });
          device = undefined;
        }
      }
      if (!device) {
        inMemory.delete(account);
        await vault.remove(account);
        return undefined;
      }
      inMemory.set(account, device);
      await persist(account, device, remember);
      return device;
    },

    async drop(signInName) {
      const account = keyOf(signInName);
      inMemory.delete(account);
      await vault.remove(account);
    },
  };
}
