import { createAccountOperations } from "../../shared/account/account-operations.js";
import { createSdkAccountPort } from "../../shared/cognito/sdk-account-port.js";
import { createSdkCognitoPort } from "../../shared/cognito/sdk-cognito-port.js";
import type { Logger } from "../../shared/runtime/logger.js";
import { createAccountService, type AccountService } from "./account-service.js";
import type { AuthFlow } from "../../shared/cognito/cognito-port.js";
import type { AuthService, PoolIdentity } from "./auth-service.js";
import { loadDesktopConfig } from "./desktop-config.js";
import type { DeviceService } from "./device-service.js";
import type { KeychainVaultOptions } from "./keychain/keychain-vault.js";
import { createSignInStack } from "./sign-in-stack.js";

export interface StartDesktopAuthOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** The app's data folder: development builds read `cognito.json` from here. Nothing is written to it. */
  dataDirectory: string;
  /** A packaged app reads only its bundled config (https); development builds may start the embedded local Cognito. */
  packaged: boolean;
  /** The pool settings bundled inside a packaged app. */
  bundledConfigFile?: string;
  logger: Logger;
  /** Where the embedded local Cognito prints its codes and endpoint line. Default stdout. */
  output?: (line: string) => void;
  /** Keychain settings (tests use their own service name). */
  vault?: KeychainVaultOptions;
}

export interface DesktopAuth {
  service: AuthService;
  /** The account calls (sign-up, reset, attributes, MFA), on the same session as `service`. */
  account: AccountService;
  /** The remembered-device calls, on the same session. */
  devices: DeviceService;
  pool: PoolIdentity & { endpoint?: string };
  /** "development" when the embedded local Cognito is running. */
  mode: "pool" | "development";
  stop(): Promise<void>;
}

/**
 * Wires the main process's auth: settings → Cognito port (public client, no secret) → shared
 * flow → keychain vault → auth service. Plain Node, so it is tested without Electron.
 */
export async function startDesktopAuth(options: StartDesktopAuthOptions): Promise<DesktopAuth> {
  const config = await loadDesktopConfig(options);
  let pool: PoolIdentity & { endpoint?: string };
  let stopLocal = async () => {};
  if (config.kind === "pool") {
    pool = { region: config.region, userPoolId: config.userPoolId, clientId: config.clientId, ...(config.endpoint ? { endpoint: config.endpoint } : {}) };
    options.logger.info("config.loaded", { source: config.source, region: config.region, userPoolId: config.userPoolId });
    if (config.ignored) options.logger.warn("config.ignored", { settings: config.ignored, message: "A packaged app uses its bundled pool settings only." });
  } else {
    // Loaded only here: cognito-local is a development dependency, absent from packaged apps.
    const { startLocalCognito } = await import("../../shared/local-cognito/local-cognito.js");
    const local = await startLocalCognito({ print: true, ...(options.output ? { output: options.output } : {}) });
    pool = { region: local.region, userPoolId: local.userPoolId, clientId: local.publicClientId, endpoint: local.endpoint };
    stopLocal = () => local.stop();
    options.logger.warn("config.development", { message: "No user pool configured: using the embedded local Cognito (codes are printed above)." });
  }
  // userPoolId on the port: the flow signs in by SRP (the password never leaves this process).
  const cognito = createSdkCognitoPort({ region: pool.region, userPoolId: pool.userPoolId, clientId: pool.clientId, ...(pool.endpoint ? { endpoint: pool.endpoint } : {}) });
  // AUTH_FLOW (development only, like the other settings): USER_SRP_AUTH by default; a bad value stops the start.
  const authFlow = options.packaged ? undefined : options.env.AUTH_FLOW;
  const { service, deviceService } = createSignInStack({
    cognito,
    ...(authFlow ? { authFlow: authFlow as AuthFlow } : {}),
    pool: { region: pool.region, userPoolId: pool.userPoolId, clientId: pool.clientId },
    logger: options.logger,
    ...(options.vault ? { vault: options.vault } : {}),
  });
  const accountPort = createSdkAccountPort({ region: pool.region, clientId: pool.clientId, ...(pool.endpoint ? { endpoint: pool.endpoint } : {}) });
  const account = createAccountService({ operations: createAccountOperations({ port: accountPort }), session: service, logger: options.logger });
  return {
    service,
    account,
    devices: deviceService,
    pool,
    mode: config.kind,
    async stop() {
      service.dispose();
      await stopLocal();
    },
  };
}
