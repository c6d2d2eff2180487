import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AuthError } from "../../shared/errors/auth-error.js";
import { BadTokenLimit } from "./bad-token-limit.js";

// The per-IP bad-token limit (memory backend; Redis is covered over HTTP in
// middleware/security/trust-and-state.security.test.ts).

describe("BadTokenLimit", () => {
  test("taken before the work: past the limit RATE_LIMITED with retryAfter, per IP", async () => {
    const limit = new BadTokenLimit({ points: 2, durationSeconds: 60 });
    await limit.charge("192.0.2.1");
    await limit.charge("192.0.2.1");
    await assert.rejects(limit.charge("192.0.2.1"), (error: unknown) => error instanceof AuthError && error.code === "RATE_LIMITED" && (error.details.retryAfter ?? 0) >= 1);
    await limit.charge("192.0.2.2");
  });

  test("a refund gives the point back, once", async () => {
    const limit = new BadTokenLimit({ points: 1, durationSeconds: 60 });
    const charge = await limit.charge("192.0.2.1");
    await charge.refund();
    await charge.refund();
    await limit.charge("192.0.2.1");
    await assert.rejects(limit.charge("192.0.2.1"), (error: unknown) => error instanceof AuthError && error.code === "RATE_LIMITED");
  });

  test("concurrent charges never get past the limit", async () => {
    const limit = new BadTokenLimit({ points: 5, durationSeconds: 60 });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => limit.charge("192.0.2.1")));
    assert.equal(results.filter((result) => result.status === "fulfilled").length, 5);
  });
});
