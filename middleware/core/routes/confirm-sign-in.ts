import type { AuthResponse } from "../auth-http.js";
import { AuthError } from "../../../shared/errors/auth-error.js";
import { isCodeStep, validateChallengeResponse } from "../../../shared/flow/challenge-response.js";
import { sentACode, type FlowOutcome } from "../../../shared/flow/sign-in-flow.js";
import { accountKey, type CodeReservation } from "../../limits/rate-limits.js";
import { isWellFormedChallengeId } from "../challenge-id.js";
import { parseBody } from "../parse-body.js";
import { errorResponse } from "../responses.js";
import { confirmSignInBody } from "../schemas.js";
import type { Route } from "../route-context.js";
import { outcomeResponse } from "./outcome-response.js";

/**
 * POST /confirm-sign-in. The answer is checked for shape first (a malformed code costs no
 * attempt), then the challenge is claimed atomically so only one answer at a time reaches
 * Cognito, and the claim is settled by what Cognito said.
 */
export const confirmSignIn: Route = async (services, context) => {
  const input = parseBody(confirmSignInBody, context.body);
  const { store, cookies, limits, options } = services;
  const clearChallenge = options.tokenTransport === "cookie" ? [cookies.clearChallenge(context.basePath)] : [];
  // Only the server-side challenge this client holds is ever answered: the cookie in cookie
  // mode, the challengeToken in body mode. Anything else in the body is ignored.
  const id = options.tokenTransport === "cookie" ? cookies.read(context.request.header("cookie")).challengeId : input.challengeToken;
  if (!isWellFormedChallengeId(id)) return errorResponse(new AuthError("CHALLENGE_EXPIRED"), clearChallenge);

  const claim = await store.claim(id, services.claimLeaseMs);
  if (claim.status === "missing") return errorResponse(new AuthError("CHALLENGE_EXPIRED"), clearChallenge);
  if (claim.status === "busy") throw new AuthError("RATE_LIMITED", { message: "An answer to this sign-in is already being checked.", retryAfter: 1 });
  const { challenge } = claim.record;
  const account = accountKey(challenge.signInName);

  let reservation: CodeReservation | undefined;
  try {
    validateChallengeResponse(challenge.nextStep, input.challengeResponse);
    if (isCodeStep(challenge.nextStep.signInStep)) await limits.assertAccountMayAnswer(account);
    // Choosing SMS or e-mail makes Cognito send a code: it comes out of the same budget.
    if (challenge.nextStep.signInStep === "CONTINUE_SIGN_IN_WITH_MFA_SELECTION" && input.challengeResponse !== "TOTP") {
      reservation = await limits.reserveCode(account);
    }
  } catch (error) {
    await store.release(id);
    throw error;
  }

  let outcome: FlowOutcome;
  try {
    outcome = await services.flow.confirm(
      challenge,
      { challengeResponse: input.challengeResponse, ...(input.userAttributes ? { userAttributes: input.userAttributes } : {}) },
      { ipAddress: context.clientIp, requestId: context.requestId },
    );
  } catch (error) {
    await reservation?.refund();
    return settleFailure(error);
  }
  if (reservation && !sentACode(outcome)) await reservation.refund();
  await store.delete(id);
  return outcomeResponse(services, context, outcome);

  async function settleFailure(error: unknown): Promise<AuthResponse> {
    const code = error instanceof AuthError ? error.code : "INTERNAL";
    if (code === "CODE_MISMATCH") {
      const attemptsLeft = await store.recordWrongAnswer(id!);
      await limits.countWrongCode(account);
      services.logger.warn(attemptsLeft === 0 ? "challenge.closed" : "challenge.wrong-code", { requestId: context.requestId, attemptsLeft });
      return errorResponse(new AuthError("CODE_MISMATCH", { attemptsLeft }), attemptsLeft === 0 ? clearChallenge : []);
    }
    if (code === "CHALLENGE_EXPIRED" || code === "NOT_AUTHORIZED" || code === "PASSWORD_RESET_REQUIRED" || code === "USER_NOT_CONFIRMED") {
      await store.delete(id!);
      return errorResponse(error as AuthError, clearChallenge);
    }
    // Cognito did not judge the answer (unavailable, a policy failure on a new password,
    // a bad request): no attempt is used and the challenge stays open.
    await store.release(id!);
    throw error;
  }
};
