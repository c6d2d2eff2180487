import { createRequire } from "node:module";

/**
 * The slice of keytar's API the vault uses (`keytar` and `@github/keytar` share it). On Linux
 * it talks to the Secret Service over D-Bus; on macOS the Keychain; on Windows the Credential
 * Manager.
 */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/**
 * Loads the native keytar module when first needed. Loading itself can fail (a missing
 * libsecret, a binary for another ABI): the vault treats that like a missing keychain.
 */
export function loadKeytar(): KeytarLike {
  // createRequire: the native addon is CommonJS, and loading it lazily keeps a broken binary
  // from taking the whole main process down at import time.
  const require = createRequire(import.meta.url);
  return require("@github/keytar") as KeytarLike;
}
