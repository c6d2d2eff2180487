import { randomBase64url } from "../crypto/random-pool.js";

/** 256 random bits, base64url: the only thing the browser learns about an open challenge. */
export function newChallengeId(): string {
  return randomBase64url(32);
}

export function isWellFormedChallengeId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}
