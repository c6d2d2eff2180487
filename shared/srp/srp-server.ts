import { randomBytes } from "node:crypto";
import { fromHex, k, N, privateKeyX, scramblingParameter } from "./group.js";
import { modPow, powG } from "./mod-pow.js";
import { derivedKey, passwordClaimSignature, signaturesMatch } from "./password-claim.js";

// The server side of Cognito's SRP, as the local Cognito plays it.

/** v = g^x: what a server keeps instead of the password (x from pool name, user id, password, salt). */
export function passwordVerifier(poolName: string, userId: string, password: string, salt: bigint): bigint {
  return powG(privateKeyX(poolName, userId, password, salt));
}

/** A random 128-bit salt (as Cognito's clients make for devices). */
export function randomSalt(): bigint {
  return BigInt(`0x${randomBytes(16).toString("hex")}`);
}

/** The server's half of one exchange: keep `b` secret, send `srpB` as SRP_B. */
export interface ServerSrp {
  b: bigint;
  B: bigint;
  /** SRP_B, as hex. */
  srpB: string;
}

/** B = k*v + g^b mod N. `smallB` is for known-answer tests only. */
export function startServerSrp(verifier: bigint, smallB: bigint = BigInt(`0x${randomBytes(128).toString("hex")}`)): ServerSrp {
  const B = (k * verifier + powG(smallB)) % N;
  return { b: smallB, B, srpB: B.toString(16) };
}

export interface ClaimToCheck {
  verifier: bigint;
  server: ServerSrp;
  /** SRP_A as the client sent it (hex). */
  srpA: string;
  poolName: string;
  userId: string;
  secretBlock: string;
  timestamp: string;
  signature: unknown;
}

/** True when the client's PASSWORD_CLAIM_SIGNATURE proves it knows the password behind `verifier`. */
export function checkPasswordClaim(claim: ClaimToCheck): boolean {
  const A = fromHex(claim.srpA);
  const u = scramblingParameter(A, claim.server.B);
  const S = modPow(A * modPow(claim.verifier, u), claim.server.b);
  const expected = passwordClaimSignature(derivedKey(S, u), claim);
  return signaturesMatch(expected, claim.signature);
}

/** SRP_A must be a hex number that is not 0 mod N (else S would be predictable). */
export function isValidSrpA(srpA: unknown): srpA is string {
  return typeof srpA === "string" && /^[0-9a-f]{1,2048}$/i.test(srpA) && fromHex(srpA) % N !== 0n;
}
