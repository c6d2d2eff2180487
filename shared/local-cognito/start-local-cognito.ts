import { createRequire } from "node:module";
import type { LocalCognito, LocalCognitoOptions } from "./local-cognito-types.js";

/** cognito-local, the emulator the local Cognito runs on, is an optional peer of the package. */
export const COGNITO_LOCAL_PEER = "cognito-local@5.3.0";

/** The local Cognito was asked for but its peer, cognito-local, is not installed. */
export class LocalCognitoPeerMissingError extends Error {
  override name = "LocalCognitoPeerMissingError";
  readonly code = "PEER_MISSING";
  readonly packageName = "cognito-local";
}

/**
 * Starts the local Cognito (cognito-local in process behind the strict layer). cognito-local
 * is loaded here, not when the package is imported, so apps that never start it need not
 * install it; without it this fails at once, naming the package to install.
 */
export async function startLocalCognito(options: LocalCognitoOptions = {}): Promise<LocalCognito> {
  try {
    createRequire(import.meta.url).resolve("cognito-local/package.json");
  } catch (cause) {
    throw new LocalCognitoPeerMissingError(`cognito-mfa-kit: the local Cognito needs the cognito-local package: install it (npm install --save-dev ${COGNITO_LOCAL_PEER})`, { cause });
  }
  const { startLocalCognito: start } = await import("./local-cognito.js");
  const { services: _services, ...local } = await start(options);
  return local;
}
