import { AuthError } from "../../../shared/errors/auth-error.js";
import type { OpenChallenge } from "../../../shared/flow/open-challenge.js";
import type { StepDetails } from "../../../shared/flow/steps.js";
import type { ChallengeRecord } from "../../stores/challenge-store.js";
import type { AuthResponse } from "../auth-http.js";
import { isWellFormedChallengeId } from "../challenge-id.js";
import { splitChallengeToken } from "../cookies.js";
import type { DeviceCookieValue } from "../device-cookie.js";
import { errorResponse } from "../responses.js";
import type { AuthServices, RouteContext } from "../route-context.js";

/** The challenge this client holds, claimed for one answer (or one resend) at a time. */
export interface ClaimedChallenge {
  id: string;
  /** The resend stash's key: only the client's cookie (or challengeToken) carries it. */
  key: string | undefined;
  /** The claim's owner token: only its holder releases or settles it. */
  token: string;
  record: ChallengeRecord;
  /** Set-Cookie that clears the challenge cookie (none in body transport). */
  clearChallenge: string[];
  /** The device cookie the request carried, still sealed. */
  sealedDevice: string | undefined;
}

/**
 * Only the server-side challenge this client holds is ever answered: the challenge cookie in
 * cookie mode, the challengeToken in body mode; anything else in the body is ignored. The claim
 * takes the challenge and one of its attempts atomically, so concurrent answers queue rather
 * than race. A malformed, unknown or spent id is CHALLENGE_EXPIRED; a claim in flight, 429.
 */
export async function claimClientChallenge(services: AuthServices, context: RouteContext, challengeToken: string | undefined): Promise<ClaimedChallenge | AuthResponse> {
  const { store, cookies, options } = services;
  const clearChallenge = options.tokenTransport === "cookie" ? [cookies.clearChallenge(context.basePath)] : [];
  const read = cookies.read(context.request.header("cookie"));
  const { id, key } = options.tokenTransport === "cookie" ? { id: read.challengeId, key: read.challengeKey } : splitChallengeToken(challengeToken);
  if (!isWellFormedChallengeId(id)) return errorResponse(new AuthError("CHALLENGE_EXPIRED"), clearChallenge);

  const claim = await store.claim(id, services.claimLeaseMs);
  if (claim.status === "missing") return errorResponse(new AuthError("CHALLENGE_EXPIRED"), clearChallenge);
  if (claim.status === "busy") throw new AuthError("RATE_LIMITED", { message: "An answer to this sign-in is already being checked.", retryAfter: 1 });
  return { id, key, token: claim.token, record: claim.record, clearChallenge, sealedDevice: read.device };
}

/** A claim, or the answer to send instead. */
export function isClaimed(value: ClaimedChallenge | AuthResponse): value is ClaimedChallenge {
  return "record" in value;
}

/** The remembered device of this sign-in: only one that opens and is the device Cognito saw for this user. */
export function deviceOfChallenge(services: AuthServices, sealed: string | undefined, challenge: OpenChallenge<StepDetails>): DeviceCookieValue | undefined {
  if (!challenge.deviceKey) return undefined;
  const presented = services.devices.open(sealed);
  return presented && presented.deviceKey === challenge.deviceKey && presented.cognitoUsername === challenge.cognitoUsername ? presented : undefined;
}
