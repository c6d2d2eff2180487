import { randomFillSync } from "node:crypto";
import { startupSnapshot } from "node:v8";

/**
 * Public or short-lived random values for the request path (request ids, challenge ids, claim
 * tokens, GCM nonces) from a pool filled by the CSPRNG 4 KiB at a time, as Node's own
 * `randomUUID` does: one `randomBytes` call per value was five OpenSSL calls per sign-in in the
 * flow's profile. Each byte is handed out once and wiped as it goes, so a value handed out is
 * not left in the pool; values not yet handed out are (up to 4 KiB on the heap), which is why
 * keys do not come from here (`randomSealKey` calls `randomBytes`).
 */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;
// A V8 startup snapshot taken after first use would give every process started from it the
// same coming values: the pool is emptied before one is written.
if (startupSnapshot?.isBuildingSnapshot()) startupSnapshot.addSerializeCallback(() => {
  pool.fill(0);
  offset = POOL_BYTES;
});

function take(bytes: number): number {
  if (bytes > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at a time`);
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  return start;
}

function handOut<T>(bytes: number, read: (start: number, end: number) => T): T {
  const start = take(bytes);
  const value = read(start, start + bytes);
  pool.fill(0, start, start + bytes);
  return value;
}

/** `bytes` random bytes as base64url. */
export function randomBase64url(bytes: number): string {
  return handOut(bytes, (start, end) => pool.toString("base64url", start, end));
}

/** `bytes` random bytes as hex. */
export function randomHex(bytes: number): string {
  return handOut(bytes, (start, end) => pool.toString("hex", start, end));
}

/** `bytes` random bytes in a Buffer of their own (a copy, not a view of the pool). */
export function randomBuffer(bytes: number): Buffer {
  return handOut(bytes, (start, end) => Buffer.from(pool.subarray(start, end)));
}
