import { CognitoError } from "cognito-local/lib/errors.js";

/** What a code was sent for; each purpose has its own code and lifetime. */
export type CodePurpose = "sign-up" | "forgot-password" | "verify:email" | "verify:phone_number";

/** How long Cognito keeps each kind of code valid. */
export const CODE_LIFETIME_MS: Record<CodePurpose, number> = {
  // Sign-up and attribute verification codes: 24 hours.
  "sign-up": 24 * 3600_000,
  "verify:email": 24 * 3600_000,
  "verify:phone_number": 24 * 3600_000,
  // Password-reset codes: 1 hour.
  "forgot-password": 3600_000,
};

/**
 * The confirmation codes the local Cognito has sent, per user and purpose. cognito-local keeps
 * one `ConfirmationCode` per user that never expires and is shared by sign-up and password
 * reset; Cognito's codes expire and a new one replaces the old.
 */
export class CodeBook {
  private readonly codes = new Map<string, { code: string; expiresAt: number }>();
  constructor(private readonly now: () => number) {}

  issue(poolId: string, username: string, purpose: CodePurpose, code: string): void {
    this.codes.set(key(poolId, username, purpose), { code, expiresAt: this.now() + CODE_LIFETIME_MS[purpose] });
  }

  /** Throws CodeMismatchException or ExpiredCodeException as Cognito does; spends the code when `spend`. */
  check(poolId: string, username: string, purpose: CodePurpose, sent: unknown, { spend = true } = {}): void {
    const entry = this.codes.get(key(poolId, username, purpose));
    if (!entry || typeof sent !== "string" || sent !== entry.code) throw new CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.");
    if (this.now() >= entry.expiresAt) throw new CognitoError("ExpiredCodeException", "Invalid code provided, please request a code again.");
    if (spend) this.codes.delete(key(poolId, username, purpose));
  }

  forget(poolId: string, username: string, purpose: CodePurpose): void {
    this.codes.delete(key(poolId, username, purpose));
  }
}

function key(poolId: string, username: string, purpose: CodePurpose): string {
  return `${poolId}\u0000${username}\u0000${purpose}`;
}
