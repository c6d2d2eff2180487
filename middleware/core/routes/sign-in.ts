import { AuthError } from "../../../shared/errors/auth-error.js";
import { sentACode } from "../../../shared/flow/sign-in-flow.js";
import { accountKey } from "../../limits/rate-limits.js";
import { isWellFormedChallengeId } from "../challenge-id.js";
import { parseBody } from "../parse-body.js";
import { signInBody } from "../schemas.js";
import type { Route } from "../route-context.js";
import { outcomeResponse } from "./outcome-response.js";

/**
 * POST /sign-in. Limits are checked before Cognito is asked: the IP's sign-ins, the account's
 * wrong codes, and one code reserved from the account's SMS budget (refunded when Cognito sends
 * none). Signing in again is also how a client gets a new code: Cognito has no resend call.
 */
export const signIn: Route = async (services, context) => {
  const { username, password } = parseBody(signInBody, context.body);
  const account = accountKey(username);
  await services.limits.countSignIn(context.clientIp);
  await services.limits.assertAccountMayAnswer(account);
  const reservation = await services.limits.reserveCode(account);

  let outcome;
  try {
    outcome = await services.flow.signIn({ username, password }, { ipAddress: context.clientIp, requestId: context.requestId });
  } catch (error) {
    await reservation.refund();
    if (error instanceof AuthError && error.code === "NOT_AUTHORIZED") services.logger.info("sign-in.refused", { requestId: context.requestId });
    throw error;
  }
  if (!sentACode(outcome)) await reservation.refund();

  // A new sign-in replaces the challenge this browser had open.
  const { challengeId } = services.cookies.read(context.request.header("cookie"));
  if (isWellFormedChallengeId(challengeId)) await services.store.delete(challengeId);
  return outcomeResponse(services, context, outcome);
};
