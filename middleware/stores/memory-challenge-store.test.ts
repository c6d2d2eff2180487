import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, test } from "node:test";
import type { OpenChallenge } from "../../shared/flow/open-challenge.js";
import { ManualClock } from "../../shared/runtime/clock.js";
import type { ClaimResult } from "./challenge-store.js";
import { claimLeaseMs } from "./challenge-store.js";
import { MemoryChallengeStore } from "./memory-challenge-store.js";

// The default store's claim: the attempt is taken with the lease, and only the claim's owner
// settles it.

const clock = new ManualClock();
const store = new MemoryChallengeStore(clock);
after(() => store.close());

const challenge: OpenChallenge = {
  challengeName: "SMS_MFA",
  session: "cognito-session",
  cognitoUsername: "user",
  signInName: "user@example.com",
  nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_SMS_CODE", expiresAt: "2026-11-25T10:03:00.000Z" },
  expiresAt: clock.now() + 180_000,
};
const newId = () => randomBytes(32).toString("base64url");
const tokenOf = (claim: ClaimResult) => (claim.status === "claimed" ? claim.token : "");

test("the claim takes the attempt before the answer is checked; release gives it back", async () => {
  const id = newId();
  await store.put(id, { challenge, attemptsLeft: 2 }, challenge.expiresAt);
  const claim = await store.claim(id, 5000);
  assert.equal(claim.status === "claimed" && claim.record.attemptsLeft, 1);
  await store.release(id, tokenOf(claim));
  const again = await store.claim(id, 5000);
  assert.equal(again.status === "claimed" && again.record.attemptsLeft, 1);
  assert.equal(await store.recordWrongAnswer(id, tokenOf(again)), 1);
  const last = await store.claim(id, 5000);
  assert.equal(await store.recordWrongAnswer(id, tokenOf(last)), 0);
  assert.deepEqual(await store.claim(id, 5000), { status: "missing" }, "closed at zero");
});

test("a stale holder (its lease ran out, another answer claimed) cannot release or settle the new claim", async () => {
  const id = newId();
  await store.put(id, { challenge, attemptsLeft: 5 }, challenge.expiresAt);
  const stale = await store.claim(id, 1000);
  clock.advance(1001);
  const current = await store.claim(id, 60_000);
  assert.equal(current.status, "claimed", "the lease ran out");
  await store.release(id, tokenOf(stale));
  assert.equal((await store.claim(id, 1000)).status, "busy", "the stale release freed nothing");
  assert.equal(await store.recordWrongAnswer(id, tokenOf(stale)), 3);
  assert.equal((await store.claim(id, 1000)).status, "busy");
  await store.release(id, tokenOf(current));
  const after = await store.claim(id, 1000);
  assert.equal(after.status === "claimed" && after.record.attemptsLeft, 3, "the stale answer's attempt stays used, the released one came back (minus this claim's own)");
});

test("the lease outlasts the longest step: two Cognito calls with their timeout, plus a margin", () => {
  assert.equal(claimLeaseMs(5000), 12_000);
  assert.ok(claimLeaseMs(5000) > 2 * 5000);
});
