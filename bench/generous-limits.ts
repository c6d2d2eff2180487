import type { AuthOptions } from "../middleware/core/options.js";

/**
 * The middleware limits sign-ins per IP (20/min) and codes per account (5/h) by default; every
 * benchmark request comes from 127.0.0.1, so the bench raises them out of the way. The limiter
 * still runs on every request (its cost is measured), it just never says no.
 */
export const GENEROUS_LIMITS: NonNullable<AuthOptions["limits"]> = {
  signInsPerIp: { points: 1_000_000, durationSeconds: 60 },
  codesSentPerAccount: { points: 1_000_000, durationSeconds: 3600 },
  wrongCodesPerAccount: { points: 1_000_000, durationSeconds: 900 },
};
