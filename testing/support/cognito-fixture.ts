import { createSdkCognitoPort, type SdkCognitoPortOptions } from "../../shared/cognito/sdk-cognito-port.js";
import type { CognitoPort } from "../../shared/cognito/cognito-port.js";
import { startLocalCognito, type EmbeddedLocalCognito, type LocalCognito, type LocalCognitoOptions } from "../../shared/local-cognito/local-cognito.js";

/** Starts a quiet local Cognito for one test file. */
export function startQuietLocalCognito(options: LocalCognitoOptions = {}): Promise<EmbeddedLocalCognito> {
  return startLocalCognito({ print: false, ...options });
}

/** A real SDK port on the local Cognito's app client with a secret (as a server uses). */
export function serverPort(local: LocalCognito, extra: Partial<SdkCognitoPortOptions> = {}): CognitoPort {
  return createSdkCognitoPort({
    region: local.region,
    endpoint: local.endpoint,
    userPoolId: local.userPoolId,
    clientId: local.serverClient.clientId,
    clientSecret: local.serverClient.clientSecret,
    ...extra,
  });
}

/** A real SDK port on the public app client (as the desktop app uses). */
export function publicPort(local: LocalCognito, extra: Partial<SdkCognitoPortOptions> = {}): CognitoPort {
  return createSdkCognitoPort({ region: local.region, endpoint: local.endpoint, userPoolId: local.userPoolId, clientId: local.publicClientId, ...extra });
}

export const DEMO = { username: "demo@example.com", password: "Demo-Passw0rd!" } as const;
export const PLAIN = { username: "plain@example.com", password: "Plain-Passw0rd!" } as const;
export const NEWPASS = { username: "newpass@example.com", password: "Temp-Passw0rd!" } as const;
export const TOTP = { username: "totp@example.com", password: "Totp-Passw0rd!" } as const;
export const CHOICE = { username: "choice@example.com", password: "Choice-Passw0rd!" } as const;

/** A code that is surely not `code`. */
export function wrongCodeFor(code: string): string {
  return code === "000000" ? "111111" : "000000";
}
export const SETUP = { username: "setup@example.com", password: "Setup-Passw0rd!" } as const;
export const MAIL = { username: "mail@example.com", password: "Mail-Passw0rd!" } as const;
