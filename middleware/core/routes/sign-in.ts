import { AuthError } from "../../../shared/errors/auth-error.js";
import { sentACode, type FlowOutcome } from "../../../shared/flow/sign-in-flow.js";
import type { Account, RateLimits } from "../../limits/rate-limits.js";
import { isWellFormedChallengeId } from "../challenge-id.js";
import { z } from "zod";
import { defineEndpoint } from "../endpoint.js";
import { passwordField, usernameField } from "../schemas.js";
import { outcomeResponse } from "./outcome-response.js";

/**
 * POST /sign-in. Every limit is taken before Cognito is asked: a sign-in from the client's IP
 * bucket, the account's wrong-code lock, and one code from the SMS budgets (refunded when
 * Cognito sends none) of the name typed and, when this name was seen before, of the Cognito
 * user; once Cognito names the user, its budgets are charged if they were not (see
 * `chargeNamedUser`). Signing in again is also how a client gets a new code: Cognito has no
 * resend call.
 */
export const signIn = defineEndpoint({
  path: "/sign-in",
  method: "POST",
  body: z.object({ username: usernameField, password: passwordField }),
  handle: async (services, context, { username, password }) => {
  const { limits } = services;
  const signInSlot = await limits.takeSignIn(context.clientIp);
  const accounts = await limits.accountsOf(username);
  for (const account of accounts) await limits.assertMayAnswer(account);
  const code = await limits.takeCode(...accounts);

  let outcome: FlowOutcome;
  try {
    outcome = await services.flow.signIn({ username, password }, { ipAddress: context.clientIp, requestId: context.requestId });
  } catch (error) {
    await code.refund();
    // Cognito never judged the password: the client's sign-in does not count either.
    if (error instanceof AuthError && error.code === "UPSTREAM_UNAVAILABLE") await signInSlot.refund();
    if (error instanceof AuthError && error.code === "NOT_AUTHORIZED") services.logger.info("sign-in.refused", { requestId: context.requestId });
    throw error;
  }
  if (!sentACode(outcome)) await code.refund();

  // A new sign-in replaces the challenge this browser had open.
  const { challengeId } = services.cookies.read(context.request.header("cookie"));
  if (isWellFormedChallengeId(challengeId)) await services.store.delete(challengeId);
  await chargeNamedUser(limits, username, accounts, outcome);
  return outcomeResponse(services, context, outcome);
  },
});

/**
 * Cognito has accepted the password and named the user. The name is remembered (the alias
 * map), so the next sign-in under it spends the user's budgets before Cognito is called. If
 * this sign-in did not spend the user's budgets (a name not seen before), they are charged now:
 * the code was already sent — with USER_PASSWORD_AUTH, Cognito sends it in the same answer that
 * names the user — but a user over budget gets no challenge to answer.
 */
async function chargeNamedUser(limits: RateLimits, typedName: string, spent: Account[], outcome: FlowOutcome): Promise<void> {
  const cognitoUsername = outcome.status === "challenge" ? outcome.challenge.cognitoUsername : outcome.cognitoUsername;
  await limits.learnAlias(typedName, cognitoUsername);
  const user = limits.accountOfUser(cognitoUsername);
  if (outcome.status !== "challenge" || spent.some((account) => account.key === user.key)) return;
  await limits.assertMayAnswer(user);
  if (sentACode(outcome)) await limits.takeCode(user);
}
