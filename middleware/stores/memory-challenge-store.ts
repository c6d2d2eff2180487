import { randomBase64url } from "../crypto/random-pool.js";
import { systemClock, type Clock } from "../../shared/runtime/clock.js";
import type { ChallengeRecord, ChallengeStore, ClaimResult } from "./challenge-store.js";

interface Entry {
  record: ChallengeRecord;
  expiresAt: number;
  leaseUntil: number;
  owner: string;
}

/**
 * The default store: one process, no dependencies. Claims are atomic because JavaScript runs
 * one callback at a time and no `await` sits between the check and the write.
 */
export class MemoryChallengeStore implements ChallengeStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly clock: Clock = systemClock, sweepIntervalMs = 30_000) {
    // Expired challenges are dropped in the background too, so memory returns even if nobody
    // ever comes back for them.
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  async put(id: string, record: ChallengeRecord, expiresAt: number): Promise<void> {
    this.entries.set(id, { record: structuredClone(record), expiresAt, leaseUntil: 0, owner: "" });
  }

  async claim(id: string, leaseMs: number): Promise<ClaimResult> {
    const entry = this.live(id);
    if (!entry) return { status: "missing" };
    const now = this.clock.now();
    if (entry.leaseUntil > now) return { status: "busy" };
    if (entry.record.attemptsLeft <= 0) {
      this.entries.delete(id);
      return { status: "missing" };
    }
    const token = randomBase64url(16);
    entry.leaseUntil = now + leaseMs;
    entry.owner = token;
    entry.record.attemptsLeft -= 1;
    return { status: "claimed", record: structuredClone(entry.record), token };
  }

  async recordWrongAnswer(id: string, token: string): Promise<number> {
    const entry = this.live(id);
    if (!entry) return 0;
    // The attempt was taken at claim; a holder whose lease ran out frees nobody else's claim.
    if (entry.owner !== token) return Math.max(entry.record.attemptsLeft, 0);
    entry.leaseUntil = 0;
    entry.owner = "";
    if (entry.record.attemptsLeft <= 0) this.entries.delete(id);
    return Math.max(entry.record.attemptsLeft, 0);
  }

  async release(id: string, token: string): Promise<void> {
    const entry = this.live(id);
    if (!entry || entry.owner !== token) return;
    entry.record.attemptsLeft += 1;
    entry.leaseUntil = 0;
    entry.owner = "";
  }

  async delete(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async size(): Promise<number> {
    return this.entries.size;
  }

  /** Drops every expired challenge now. */
  sweep(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt <= this.clock.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }
}
