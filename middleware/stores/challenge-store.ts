import type { OpenChallenge } from "../../shared/flow/open-challenge.js";
import type { StepDetails } from "../../shared/flow/steps.js";

/** An open challenge as the server keeps it: the Cognito state plus the attempts it has left. */
export interface ChallengeRecord {
  challenge: OpenChallenge<StepDetails>;
  attemptsLeft: number;
  /** The resend stash, sealed under a key only the client holds (see core/resend-stash.ts). */
  resend?: string;
}

export type ClaimResult =
  /**
   * The answer may go to Cognito. One attempt is already taken (`record.attemptsLeft` is what is
   * left if this answer is wrong), and `token` names this claim: only its holder settles it.
   */
  | { status: "claimed"; record: ChallengeRecord; token: string }
  /** No such challenge: never existed, expired, answered, or closed after too many wrong codes. */
  | { status: "missing" }
  /** Another answer to the same challenge is with Cognito right now. */
  | { status: "busy" };

/**
 * Where open challenges live between the sign-in and the answer, under an opaque id. The
 * browser holds only the id. An answer claims the challenge atomically and takes its attempt in
 * the same step, before Cognito is asked, so neither concurrency nor a lost lease can slip an
 * answer past the attempt limit; the attempt is given back only when Cognito did not judge it.
 */
export interface ChallengeStore {
  /** Saves a challenge until `expiresAt` (ms since the epoch). */
  put(id: string, record: ChallengeRecord, expiresAt: number): Promise<void>;
  /** Takes the challenge and one attempt for one answer; no other claim succeeds until `leaseMs` passes or it is settled. */
  claim(id: string, leaseMs: number): Promise<ClaimResult>;
  /** Settles a claim with a wrong answer: the attempt stays used, closed at zero. Returns the attempts left. */
  recordWrongAnswer(id: string, token: string): Promise<number>;
  /** Settles a claim that Cognito did not judge: the attempt is given back. A stale token changes nothing. */
  release(id: string, token: string): Promise<void>;
  /** Closes the challenge for good. */
  delete(id: string): Promise<void>;
  /** Open challenges right now (for monitoring and the memory benchmark). */
  size?(): Promise<number>;
  close?(): Promise<void>;
}

/** How long one answer may hold a challenge: the longest step makes `callsPerStep` Cognito calls. */
export function claimLeaseMs(cognitoTimeoutMs: number, callsPerStep = LONGEST_STEP_CALLS, marginMs = 2000): number {
  // Each call's deadline already covers the SDK's retries (the port races the whole call,
  // retries included, against the timeout), so calls × timeout bounds the step.
  return callsPerStep * cognitoTimeoutMs + marginMs;
}

/** TOTP set-up: VerifySoftwareToken then RespondToAuthChallenge (or a respond then AssociateSoftwareToken). */
const LONGEST_STEP_CALLS = 2;
