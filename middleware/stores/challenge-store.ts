import type { OpenChallenge } from "../../shared/flow/open-challenge.js";

/** An open challenge as the server keeps it: the Cognito state plus the attempts it has left. */
export interface ChallengeRecord {
  challenge: OpenChallenge;
  attemptsLeft: number;
}

export type ClaimResult =
  | { status: "claimed"; record: ChallengeRecord }
  /** No such challenge: never existed, expired, answered, or closed after too many wrong codes. */
  | { status: "missing" }
  /** Another answer to the same challenge is with Cognito right now. */
  | { status: "busy" };

/**
 * Where open challenges live between the sign-in and the answer, under an opaque id. The
 * browser holds only the id. Answers are claimed atomically, one at a time, so two concurrent
 * answers can never both succeed nor slip past the attempt limit.
 */
export interface ChallengeStore {
  /** Saves a challenge until `expiresAt` (ms since the epoch). */
  put(id: string, record: ChallengeRecord, expiresAt: number): Promise<void>;
  /** Takes the challenge for one answer; no other claim succeeds until `leaseMs` passes or it is settled. */
  claim(id: string, leaseMs: number): Promise<ClaimResult>;
  /** Settles a claim with a wrong answer: one attempt fewer, closed at zero. Returns the attempts left. */
  recordWrongAnswer(id: string): Promise<number>;
  /** Settles a claim that Cognito did not judge (it was unavailable): no attempt is used. */
  release(id: string): Promise<void>;
  /** Closes the challenge for good. */
  delete(id: string): Promise<void>;
  /** Open challenges right now (for monitoring and the memory benchmark). */
  size?(): Promise<number>;
  close?(): Promise<void>;
}
