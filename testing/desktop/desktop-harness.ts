import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import type { LocalCognito } from "../../shared/local-cognito/local-cognito.js";
import type { Clock } from "../../shared/runtime/clock.js";
import { createMemoryLogger } from "../../shared/runtime/logger.js";
import { publicPort } from "../support/cognito-fixture.js";
import { createAccountOperations } from "../../shared/account/account-operations.js";
import { createSdkAccountPort } from "../../shared/cognito/sdk-account-port.js";
import { createAccountService, type AccountService } from "../../desktop/main/account-service.js";
import type { AuthService } from "../../desktop/main/auth-service.js";
import type { DeviceService } from "../../desktop/main/device-service.js";
import { createSignInStack } from "../../desktop/main/sign-in-stack.js";
import type { AuthFlow } from "../../shared/cognito/cognito-port.js";
import type { KeychainVaultOptions, SessionVault } from "../../desktop/main/keychain/keychain-vault.js";
import { countingPort } from "./counting-port.js";

export interface DesktopHarness {
  service: AuthService;
  /** The account calls on the same session, on the public client as the app uses. */
  account: AccountService;
  /** The remembered-device calls on the same session. */
  devices: DeviceService;
  vault: SessionVault;
  port: ReturnType<typeof countingPort>;
  logger: ReturnType<typeof createMemoryLogger>;
  /** The keychain service name this harness files entries under (unique per test). */
  keychainService: string;
}

export interface HarnessOptions {
  /** Reuse a keychain service name to simulate the next start of the app. */
  keychainService?: string;
  clock?: Clock;
  /** Point the SDK somewhere else (a closed port = offline). */
  endpoint?: string;
  vault?: Partial<KeychainVaultOptions>;
  /** The flow's authFlow (default USER_SRP_AUTH, as the app). */
  authFlow?: AuthFlow;
}

/** The real main-process stack: SDK port on the local Cognito's public client, shared flow, keychain vault. */
export function desktopHarness(local: LocalCognito, options: HarnessOptions = {}): DesktopHarness {
  const logger = createMemoryLogger();
  const keychainService = options.keychainService ?? `cognito-mfa-kit-test-${randomUUID()}`;
  const port = countingPort(publicPort(local, { timeoutMs: 2000, maxAttempts: 1, ...(options.endpoint ? { endpoint: options.endpoint } : {}) }));
  const { service, vault, deviceService } = createSignInStack({
    cognito: port,
    logger,
    pool: { region: local.region, userPoolId: local.userPoolId, clientId: local.publicClientId },
    vault: { service: keychainService, ...options.vault },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.authFlow ? { authFlow: options.authFlow } : {}),
  });
  const accountPort = createSdkAccountPort({ region: local.region, endpoint: options.endpoint ?? local.endpoint, clientId: local.publicClientId, timeoutMs: 2000, maxAttempts: 1 });
  const account = createAccountService({ operations: createAccountOperations({ port: accountPort }), session: service, logger });
  return { service, account, devices: deviceService, vault, port, logger, keychainService };
}

/** A loopback address where nothing listens: connecting to it fails at once, like being offline. */
export async function closedLoopbackEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return `http://127.0.0.1:${address.port}`;
}
