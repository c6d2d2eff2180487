import { createHash } from "node:crypto";

/**
 * Windows Credential Manager stores at most 2,560 bytes per secret (CRED_MAX_CREDENTIAL_BLOB_SIZE);
 * a Cognito refresh token alone is about 1.8 KB. Longer secrets are split: the account's own
 * entry holds a small manifest, and the parts live under derived account names.
 */
export const WINDOWS_SECRET_LIMIT_BYTES = 2560;

const MANIFEST_PREFIX = "cmk-chunks:v1:";
const PART_SEPARATOR = "::part-";

/** The per-secret byte limit on this platform, or undefined where there is none worth caring about. */
export function secretLimitFor(platform: NodeJS.Platform): number | undefined {
  return platform === "win32" ? WINDOWS_SECRET_LIMIT_BYTES : undefined;
}

/** The keychain entries that hold one secret: the account's own, then any parts. */
export interface ChunkedSecret {
  head: string;
  parts: string[];
}

export function partAccount(account: string, index: number): string {
  return `${account}${PART_SEPARATOR}${index}`;
}

/** True for the derived account names parts are stored under, so listings can skip them. */
export function isPartAccount(account: string): boolean {
  return account.includes(PART_SEPARATOR);
}

/** Splits a secret so that every entry fits `limitBytes` (UTF-8). Short secrets stay whole. */
export function splitSecret(secret: string, limitBytes: number | undefined): ChunkedSecret {
  if (limitBytes === undefined || Buffer.byteLength(secret, "utf8") <= limitBytes) return { head: secret, parts: [] };
  const parts: string[] = [];
  let current = "";
  let currentBytes = 0;
  // Split on code points, never inside a UTF-8 sequence.
  for (const character of secret) {
    const bytes = Buffer.byteLength(character, "utf8");
    if (currentBytes + bytes > limitBytes) {
      parts.push(current);
      current = "";
      currentBytes = 0;
    }
    current += character;
    currentBytes += bytes;
  }
  if (current) parts.push(current);
  const head = `${MANIFEST_PREFIX}${parts.length}:${digest(secret)}`;
  if (Buffer.byteLength(head, "utf8") > limitBytes) throw new Error("The limit is too small for a chunk manifest");
  return { head, parts };
}

/** How many parts a head entry announces, or 0 for a secret stored whole. */
export function partCountOf(head: string): number {
  if (!head.startsWith(MANIFEST_PREFIX)) return 0;
  const count = Number(head.slice(MANIFEST_PREFIX.length).split(":")[0]);
  return Number.isInteger(count) && count > 0 && count < 1000 ? count : -1;
}

/** Puts a secret back together; undefined when a part is missing or the digest disagrees. */
export function joinSecret(head: string, parts: Array<string | null>): string | undefined {
  const count = partCountOf(head);
  if (count === 0) return head;
  if (count < 0 || parts.length !== count || parts.some((part) => part === null)) return undefined;
  const secret = parts.join("");
  return head.endsWith(`:${digest(secret)}`) ? secret : undefined;
}

function digest(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("base64url");
}
