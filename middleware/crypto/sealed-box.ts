import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { randomBuffer } from "./random-pool.js";

/**
 * Authenticated encryption for values the server hands to a browser or keeps in a store it
 * does not fully trust: AES-256-GCM with a random 96-bit nonce, the purpose bound in as
 * associated data (a value sealed for one purpose or one challenge does not open for another).
 * Format: "v1." + base64url(nonce | ciphertext | tag).
 */
const VERSION = "v1.";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A 32-byte key. */
export type SealKey = Buffer;

export function seal(key: SealKey, plaintext: string, associatedData: string): string {
  const nonce = randomBuffer(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString("base64url");
}

/** The plaintext, or undefined for anything tampered, truncated, foreign or sealed under another key. */
export function open(key: SealKey, sealed: string, associatedData: string): string | undefined {
  if (!sealed.startsWith(VERSION)) return undefined;
  const raw = Buffer.from(sealed.slice(VERSION.length), "base64url");
  if (raw.length < NONCE_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** A fresh random key (e.g. one per challenge, carried only by the browser's cookie). */
export function randomSealKey(): SealKey {
  // Not from the pool: a key is never left on the heap before it is used.
  return randomBytes(32);
}

/**
 * Keys derived from the host's shared secrets, one per purpose (HKDF-SHA256). The first secret
 * seals; every secret opens, so a secret can be rotated by putting the new one first.
 */
export function sealKeysFrom(secrets: readonly string[], purpose: string): SealKey[] {
  return secrets.map((secret) => Buffer.from(hkdfSync("sha256", secret, "cognito-mfa-kit", purpose, 32)));
}

/** Opens with the first key that authenticates the value. */
export function openWithAny(keys: readonly SealKey[], sealed: string, associatedData: string): string | undefined {
  for (const key of keys) {
    const plaintext = open(key, sealed, associatedData);
    if (plaintext !== undefined) return plaintext;
  }
  return undefined;
}
