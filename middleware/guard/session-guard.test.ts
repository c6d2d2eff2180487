import assert from "node:assert/strict";
import { test } from "node:test";
import type { CognitoAccessTokenPayload } from "aws-jwt-verify/jwt-model";
import { ManualClock } from "../../shared/runtime/clock.js";
import { silentLogger } from "../../shared/runtime/logger.js";
import { MemoryRevocationList } from "../stores/revocation-list.js";
import { SessionGuard } from "./session-guard.js";

// The guard's cache and sign-out bookkeeping over a manual clock. A token's signature is
// aws-jwt-verify's business (shared/tokens, and every HTTP suite with the local Cognito); here a
// stand-in verifier hands over claims by token, so time can be moved past an `exp` at will.

const START = Date.parse("2026-11-25T10:00:00.000Z");
const nowSeconds = START / 1000;
const session = { sub: "user-1", username: "alice", origin_jti: "session-1", auth_time: nowSeconds - 3000, token_use: "access" };
/** Two access tokens of one sign-in: the first, and one a refresh issued 50 minutes later. */
const OLDER = `older.claims.${"O".repeat(342)}`;
const NEWER = `newer.claims.${"N".repeat(342)}`;
const OTHER = `other.claims.${"X".repeat(342)}`;
const claims: Record<string, object> = {
  [OLDER]: { ...session, iat: nowSeconds - 3000, exp: nowSeconds + 600 },
  [NEWER]: { ...session, iat: nowSeconds - 60, exp: nowSeconds + 3540 },
  [OTHER]: { ...session, origin_jti: "session-2", iat: nowSeconds - 60, exp: nowSeconds + 3540 },
};

/** A guard of its own, on a clock of its own that starts at START. */
function guard(clock = new ManualClock(START)) {
  const g = new SessionGuard({
    verifier: {
      async verify(token: string) {
        if (!claims[token]) throw new Error("does not verify");
        return structuredClone(claims[token]) as CognitoAccessTokenPayload;
      },
    } as never,
    idVerifier: { verify: async () => Promise.reject(new Error("no ID token here")) } as never,
    flow: { refresh: async () => Promise.reject(new Error("no refresh here")) } as never,
    revocations: new MemoryRevocationList(clock),
    badTokens: { charge: async () => ({ refund: async () => {} }) } as never,
    cookies: { readSession: () => ({}) } as never,
    clock,
    logger: silentLogger,
  });
  return Object.assign(g, { clock });
}
const statusOf = async (g: SessionGuard, token: string) => (await g.authenticate({ cookieHeader: null, authorization: `Bearer ${token}`, allowRefresh: false, clientIp: "192.0.2.1" })).status;

test("a sign-out refuses every token of its session until the last could expire, not only the one signed out with", async () => {
  const g = guard();
  assert.equal(await statusOf(g, NEWER), "signed-in");
  assert.ok(await g.signOut(OLDER, { global: false }), "the older token verified and signed the session out");
  assert.equal(await statusOf(g, NEWER), "signed-out");
  g.clock.advance(601_000); // past the older token's exp, before the newer one's
  assert.equal(await statusOf(g, NEWER), "signed-out", "the refreshed token of the same sign-in stays refused");
  assert.equal(g.knownUser(null, `Bearer ${NEWER}`), undefined);
  assert.equal(await statusOf(g, OTHER), "signed-in", "another sign-in of the same user is not touched");
});

test("a token the guard has passed many times is refused at once when another token of its session signs out", async () => {
  const g = guard();
  assert.equal(await statusOf(g, OLDER), "signed-in");
  for (let i = 0; i < 3; i++) assert.equal(g.knownUser(null, `Bearer ${OLDER}`)?.username, "alice", "served from the cache, its sign-out check kept");
  await g.signOut(NEWER, { global: false });
  assert.equal(g.knownUser(null, `Bearer ${OLDER}`), undefined);
  assert.equal(await statusOf(g, OLDER), "signed-out");
});
