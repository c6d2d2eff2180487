import type { CognitoPort } from "../../shared/cognito/cognito-port.js";

/** A real port that also counts calls: tests assert "exactly one refresh", "RevokeToken called". */
export function countingPort(inner: CognitoPort): CognitoPort & { calls: Record<"initiate" | "respond" | "refresh" | "revoke", number> } {
  const calls = { initiate: 0, respond: 0, refresh: 0, revoke: 0 };
  return {
    ...inner,
    calls,
    initiateAuth: (input) => (calls.initiate++, inner.initiateAuth(input)),
    respondToChallenge: (input) => (calls.respond++, inner.respondToChallenge(input)),
    refresh: (input) => (calls.refresh++, inner.refresh(input)),
    revoke: (input) => (calls.revoke++, inner.revoke(input)),
  };
}
