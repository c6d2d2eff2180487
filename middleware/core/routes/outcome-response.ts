import type { FlowOutcome } from "../../../shared/flow/sign-in-flow.js";
import type { AuthResponse } from "../auth-http.js";
import { newChallengeId } from "../challenge-id.js";
import { jsonResponse } from "../responses.js";
import type { AuthServices, RouteContext } from "../route-context.js";
import { emitOutcome } from "../../events/route-events.js";

/**
 * Turns a flow outcome into the HTTP answer. An open step is stored server-side under a fresh
 * id (the Cognito Session never leaves the server); DONE sets the session and ends the challenge.
 */
export async function outcomeResponse(services: AuthServices, context: RouteContext, outcome: FlowOutcome): Promise<AuthResponse> {
  const { cookies, options, store } = services;
  const bodyTransport = options.tokenTransport === "body";
  emitOutcome(services, context, outcome);

  if (outcome.status === "signed-in") {
    const setCookies = bodyTransport ? [] : [...cookies.session(outcome.tokens), cookies.clearChallenge(context.basePath)];
    const body = bodyTransport
      ? {
          ...outcome.result,
          tokens: {
            accessToken: outcome.tokens.accessToken,
            idToken: outcome.tokens.idToken,
            refreshToken: outcome.tokens.refreshToken,
            expiresIn: outcome.tokens.expiresIn,
          },
        }
      : outcome.result;
    return jsonResponse(200, body, setCookies);
  }

  const id = newChallengeId();
  await store.put(id, { challenge: outcome.challenge, attemptsLeft: options.limits.wrongCodesPerChallenge }, outcome.challenge.expiresAt);
  if (bodyTransport) return jsonResponse(200, { ...outcome.result, challengeToken: id });
  const maxAge = Math.max(1, Math.ceil((outcome.challenge.expiresAt - services.clock.now()) / 1000));
  // While a challenge is open nobody is signed in here: any older session cookie goes.
  return jsonResponse(200, outcome.result, [cookies.challenge(id, context.basePath, maxAge), ...cookies.clearSession()]);
}
