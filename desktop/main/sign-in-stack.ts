import type { AuthFlow, CognitoPort } from "../../shared/cognito/cognito-port.js";
import { createFlow, type Flow } from "../../shared/flow/flow.js";
import type { Clock } from "../../shared/runtime/clock.js";
import type { Logger } from "../../shared/runtime/logger.js";
import { createAuthService, type AuthService, type PoolIdentity } from "./auth-service.js";
import { createDeviceKeeper, type DeviceKeeper } from "./device-keeper.js";
import { createDeviceService, type DeviceService } from "./device-service.js";
import { createKeychainVault, createSecretVault, type KeychainVaultOptions, type SecretVault, type SessionVault } from "./keychain/keychain-vault.js";
import { parseStoredDevice, type StoredDevice } from "./keychain/stored-device.js";

export interface SignInStackOptions {
  /** The Cognito port on the public app client; with `userPoolId`, so the flow signs in by SRP. */
  cognito: CognitoPort;
  pool: PoolIdentity;
  logger: Logger;
  /** Default: USER_SRP_AUTH (the port knows its pool), as in Amplify. */
  authFlow?: AuthFlow;
  clock?: Clock;
  /** Keychain settings; devices go under `<service>.devices`, apart from the refresh tokens. */
  vault?: KeychainVaultOptions;
  /** The name ConfirmDevice registers. Default "<hostname> (desktop app)". */
  deviceName?: string;
}

export interface SignInStack {
  flow: Flow;
  vault: SessionVault;
  deviceVault: SecretVault<StoredDevice>;
  devices: DeviceKeeper;
  service: AuthService;
  deviceService: DeviceService;
}

/**
 * The main process's sign-in half, wired once for the app and its tests: the shared flow
 * (`createFlow`), the keychain vaults (refresh tokens; devices under their own service, so a
 * sign-out that deletes the refresh token keeps the device), the device keeper, the auth service
 * and the device calls.
 */
export function createSignInStack(options: SignInStackOptions): SignInStack {
  const { cognito, pool, logger } = options;
  const clock = options.clock ? { clock: options.clock } : {};
  const flow = createFlow({ cognito, logger, ...clock, ...(options.authFlow ? { authFlow: options.authFlow } : {}) });
  const vault = createKeychainVault({ logger, ...options.vault });
  const deviceVault = createSecretVault({ logger, ...options.vault, service: `${options.vault?.service ?? "cognito-mfa-kit"}.devices`, quiet: true }, parseStoredDevice);
  const devices = createDeviceKeeper({ flow, vault: deviceVault, pool, logger, ...clock, ...(options.deviceName ? { deviceName: options.deviceName } : {}) });
  const service = createAuthService({ flow, vault, devices, pool, logger, ...clock });
  const deviceService = createDeviceService({ flow, session: service, logger });
  return { flow, vault, deviceVault, devices, service, deviceService };
}
