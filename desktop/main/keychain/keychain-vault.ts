import { silentLogger, type Logger } from "../../../shared/runtime/logger.js";
import { KeyedLock } from "./keyed-lock.js";
import { loadKeytar, type KeytarLike } from "./keytar-backend.js";
import { isPartAccount, joinSecret, partAccount, partCountOf, secretLimitFor, splitSecret } from "./secret-chunks.js";
import { parseStoredSession, type StoredSession } from "./stored-session.js";

/** What the vault can promise: a remembered sign-in survives a restart, or it does not. */
export type KeychainStatus = "persisted" | "memory-only";

export type VaultRead<T = StoredSession> = { kind: "missing" } | { kind: "found"; entry: T } | { kind: "corrupt" };

/**
 * The one small interface secrets go through. It never writes anywhere but the OS keychain:
 * when that is missing or refuses a write, it says "memory-only" (once, in the log) and keeps
 * nothing, so a remembered sign-in simply does not survive a restart.
 */
export interface SecretVault<T> {
  /** The current promise; becomes "memory-only" after the first keychain failure. */
  status(): KeychainStatus;
  /** Asks the keychain for its entries once, to learn whether it answers at all. */
  probe(): Promise<KeychainStatus>;
  /** Accounts with a remembered sign-in (oldest first is not guaranteed). */
  accounts(): Promise<string[]>;
  /** Reads one entry; an unreadable one is deleted and reported as "corrupt". */
  read(account: string): Promise<VaultRead<T>>;
  /** Stores one entry; false when it could not be persisted (the vault is then memory-only). */
  write(account: string, entry: T): Promise<boolean>;
  /** Deletes an entry and its parts; quiet when there is none. */
  remove(account: string): Promise<void>;
}

/** The vault of remembered sign-ins (refresh tokens). */
export type SessionVault = SecretVault<StoredSession>;

export interface KeychainVaultOptions {
  /** The keychain "service" entries are filed under. Default "cognito-mfa-kit". */
  service?: string;
  /** The keytar module; default loads `@github/keytar` on first use. */
  keytar?: KeytarLike | (() => KeytarLike);
  /** Largest secret one keychain entry may hold, in UTF-8 bytes; default 2,560 on Windows, none elsewhere. */
  secretLimitBytes?: number;
  logger?: Logger;
  /** Log keychain failures at debug only: another vault on the same keychain already warns (once). */
  quiet?: boolean;
}

export function createKeychainVault(options: KeychainVaultOptions = {}): SessionVault {
  return createSecretVault(options, parseStoredSession);
}

/**
 * A vault of one kind of JSON entry, filed under its own keychain service: `parse` says what
 * a valid entry is (anything else is deleted as corrupt). The device vault uses it too.
 */
export function createSecretVault<T>(options: KeychainVaultOptions, parse: (text: string) => T | undefined): SecretVault<T> {
  const service = options.service ?? "cognito-mfa-kit";
  const logger = options.logger ?? silentLogger;
  const limit = "secretLimitBytes" in options ? options.secretLimitBytes : secretLimitFor(process.platform);
  const lock = new KeyedLock();
  let status: KeychainStatus = "persisted";
  let keytar: KeytarLike | undefined;

  /** Switches to memory-only and says so exactly once. */
  function degrade(reason: "unavailable" | "write-refused", error: unknown): void {
    if (status === "memory-only") return;
    status = "memory-only";
    const message = error instanceof Error ? error.message : String(error);
    if (options.quiet) logger.debug(`vault.${reason}`, { service, message });
    else logger.warn(`keychain.${reason}`, { message });
  }

  function backend(): KeytarLike {
    if (!keytar) keytar = typeof options.keytar === "function" ? options.keytar() : (options.keytar ?? loadKeytar());
    return keytar;
  }

  /** Runs a keychain call; a failure means the keychain is not usable, not that the entry is bad. */
  async function guarded<T>(fallback: T, call: (k: KeytarLike) => Promise<T>): Promise<T> {
    if (status === "memory-only") return fallback;
    try {
      return await call(backend());
    } catch (error) {
      degrade("unavailable", error);
      return fallback;
    }
  }

  async function deleteAll(k: KeytarLike, account: string, head: string | null): Promise<void> {
    const count = head ? Math.max(partCountOf(head), 0) : 0;
    await k.deletePassword(service, account);
    for (let index = 1; index <= count; index += 1) await k.deletePassword(service, partAccount(account, index));
  }

  return {
    status: () => status,

    async probe() {
      await guarded(undefined, async (k) => void (await k.findCredentials(service)));
      return status;
    },

    accounts() {
      return guarded([], async (k) => (await k.findCredentials(service)).map((entry) => entry.account).filter((account) => !isPartAccount(account)));
    },

    read(account) {
      return lock.run(account, () =>
        guarded<VaultRead<T>>({ kind: "missing" }, async (k) => {
          const head = await k.getPassword(service, account);
          if (head === null) return { kind: "missing" };
          const count = partCountOf(head);
          const parts: Array<string | null> = [];
          for (let index = 1; index <= count; index += 1) parts.push(await k.getPassword(service, partAccount(account, index)));
          const text = joinSecret(head, parts);
          const entry = text === undefined ? undefined : parse(text);
          if (entry) return { kind: "found", entry };
          // An entry we cannot read will never become readable: delete it so start-up does not
          // trip over it again.
          logger.warn("keychain.entry-corrupt", { account });
          await deleteAll(k, account, head);
          return { kind: "corrupt" };
        }),
      );
    },

    write(account, entry) {
      return lock.run(account, async () => {
        if (status === "memory-only") return false;
        const { head, parts } = splitSecret(JSON.stringify(entry), limit);
        let k: KeytarLike;
        try {
          k = backend();
        } catch (error) {
          degrade("unavailable", error);
          return false;
        }
        try {
          const previous = await k.getPassword(service, account);
          // Parts first, the head last: a reader never finds a manifest whose parts are missing.
          for (const [index, part] of parts.entries()) await k.setPassword(service, partAccount(account, index + 1), part);
          await k.setPassword(service, account, head);
          const stale = previous ? partCountOf(previous) : 0;
          for (let index = parts.length + 1; index <= stale; index += 1) await k.deletePassword(service, partAccount(account, index));
          return true;
        } catch (error) {
          degrade("write-refused", error);
          // Leave nothing half-written behind.
          await k.deletePassword(service, account).catch(() => false);
          for (let index = 1; index <= parts.length; index += 1) await k.deletePassword(service, partAccount(account, index)).catch(() => false);
          return false;
        }
      });
    },

    remove(account) {
      return lock.run(account, () =>
        guarded(undefined, async (k) => {
          await deleteAll(k, account, await k.getPassword(service, account));
        }),
      );
    },
  };
}
