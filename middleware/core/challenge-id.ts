import { randomBytes } from "node:crypto";

/** 256 random bits, base64url: the only thing the browser learns about an open challenge. */
export function newChallengeId(): string {
  return randomBytes(32).toString("base64url");
}

export function isWellFormedChallengeId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}
