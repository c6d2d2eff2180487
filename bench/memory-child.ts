// Runs with --expose-gc (see memory.ts): heap per open challenge in the memory store, and
// whether that memory comes back once the challenges expire and the store sweeps.
import { randomBytes } from "node:crypto";
import type { CognitoPort } from "../shared/cognito/cognito-port.js";
import { newChallengeId } from "../middleware/core/challenge-id.js";
import { MemoryChallengeStore } from "../middleware/stores/memory-challenge-store.js";
import { createSignInFlow } from "../shared/flow/sign-in-flow.js";
import { announceReady, childConfig } from "./child.js";

export interface MemoryResult {
  challenges: number;
  baselineBytes: number;
  /** Heap growth per challenge, one figure per batch. */
  perChallengeBytes: number[];
  openBytes: number;
  afterSweepBytes: number;
  sizeAfterSweep: number;
}

const { challenges, ttlMs, batches } = childConfig<{ challenges: number; ttlMs: number; batches: number }>();
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

// What Cognito answers a sign-in with for an SMS user (a real Session is ~900 characters).
const cognito = {
  clientId: "bench",
  async initiateAuth({ username }: { username: string }) {
    return {
      kind: "challenge",
      challengeName: "SMS_MFA",
      session: randomBytes(660).toString("base64"),
      parameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******0100", USER_ID_FOR_SRP: `${username}-0000-1111-2222-333344445555` },
    };
  },
} as unknown as CognitoPort;
const flow = createSignInFlow({ cognito, challengeTtlMs: ttlMs });
const store = new MemoryChallengeStore(undefined, 3_600_000);

function heap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const baselineBytes = heap();
const perChallengeBytes: number[] = [];
const perBatch = Math.ceil(challenges / batches);
let before = baselineBytes;
let opened = 0;
while (opened < challenges) {
  const count = Math.min(perBatch, challenges - opened);
  for (let i = 0; i < count; i++, opened++) {
    // As POST /sign-in does it: the flow's outcome, stored under a fresh id (outcome-response.ts).
    const outcome = await flow.signIn({ username: `user${opened}@example.com`, password: "x" });
    if (outcome.status !== "challenge") throw new Error("expected a challenge");
    await store.put(newChallengeId(), { challenge: outcome.challenge, attemptsLeft: 5 }, outcome.challenge.expiresAt);
  }
  const now = heap();
  perChallengeBytes.push((now - before) / count);
  before = now;
}
const openBytes = heap();
if ((await store.size()) !== challenges) throw new Error("store lost challenges");
await new Promise((resolve) => setTimeout(resolve, ttlMs + 200));
store.sweep();
const afterSweepBytes = heap();
const result: MemoryResult = { challenges, baselineBytes, perChallengeBytes, openBytes, afterSweepBytes, sizeAfterSweep: await store.size() };
await store.close();
announceReady(result);
process.exit(0);
