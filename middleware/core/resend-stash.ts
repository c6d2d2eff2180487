import type { AuthFlow, FirstFactor } from "../../shared/cognito/cognito-port.js";
import { open, randomSealKey, seal } from "../crypto/sealed-box.js";

/** What `/resend-code` needs to sign in again: the inputs of the sign-in that opened the step. */
export interface ResendInput {
  password?: string;
  authFlow: AuthFlow;
  preferredChallenge?: FirstFactor;
}

/**
 * The resend stash. Cognito has no resend call for sign-in codes, so a resend signs in again,
 * and for that the server needs the password. It is kept only sealed (AES-256-GCM) under a
 * random key made for this one challenge, bound to the challenge id; the store keeps the sealed
 * value, the browser's challenge cookie (or the challengeToken) the key. A dump of the store
 * alone opens nothing, and the stash goes with its challenge record (DONE, expiry, new sign-in).
 */
export function sealResendInput(challengeId: string, input: ResendInput): { sealed: string; key: string } {
  const key = randomSealKey();
  return { sealed: seal(key, JSON.stringify(input), associatedData(challengeId)), key: key.toString("base64url") };
}

/** The stashed inputs, or undefined when the key is missing, wrong, or the stash was tampered with. */
export function openResendInput(challengeId: string, sealed: string | undefined, key: string | undefined): ResendInput | undefined {
  if (!sealed || !key || !/^[A-Za-z0-9_-]{43}$/.test(key)) return undefined;
  const plaintext = open(Buffer.from(key, "base64url"), sealed, associatedData(challengeId));
  if (plaintext === undefined) return undefined;
  try {
    return JSON.parse(plaintext) as ResendInput;
  } catch {
    return undefined;
  }
}

function associatedData(challengeId: string): string {
  return `resend:${challengeId}`;
}
