import type { AuthResponse } from "../auth-http.js";
import { AuthError } from "../../../shared/errors/auth-error.js";
import { answerMaySendACode, isCodeStep, validateChallengeResponse } from "../../../shared/flow/challenge-response.js";
import type { OpenChallenge } from "../../../shared/flow/open-challenge.js";
import { sentACode, type SignInOutcome } from "../../../shared/flow/outcome.js";
import type { StepDetails } from "../../../shared/flow/steps.js";
import type { Reservation } from "../../limits/rate-limits.js";
import { errorResponse } from "../responses.js";
import { z } from "zod";
import { defineEndpoint } from "../endpoint.js";
import { attributesField, challengeResponseField } from "../schemas.js";
import { rememberedDevice } from "../device-cookie.js";
import { openResendInput, type ResendInput } from "../resend-stash.js";
import { claimClientChallenge, deviceOfChallenge, isClaimed } from "./claim-challenge.js";
import { outcomeResponse, type SignInCarry } from "./outcome-response.js";

/**
 * POST /confirm-sign-in. The answer is checked for shape first (a malformed code costs no
 * attempt). Then every limit is taken before Cognito is asked: the claim takes the challenge
 * and one of its attempts atomically (one answer in flight per challenge), and a code step
 * takes one wrong code from the Cognito user's budget, so N concurrent answers on N open
 * challenges of one account count N at once. What Cognito says settles them: a wrong code
 * keeps both; a right one, or one Cognito did not judge, gives them back.
 */
export const confirmSignIn = defineEndpoint({
  path: "/confirm-sign-in",
  method: "POST",
  body: z.object({
    challengeResponse: challengeResponseField,
    userAttributes: attributesField.optional(),
    /** Body transport only: the id the open step returned. */
    challengeToken: z.string().max(128).optional(),
  }),
  handle: async (services, context, input) => {
  const { store, limits } = services;
  const claimed = await claimClientChallenge(services, context, input.challengeToken);
  if (!isClaimed(claimed)) return claimed;
  const { id, key, token, clearChallenge } = claimed;
  const { challenge } = claimed.record;
  const account = limits.accountOfUser(challenge.cognitoUsername);
  Object.assign(context.audit, { username: challenge.cognitoUsername, step: challenge.nextStep.signInStep });

  let wrongCode: Reservation | undefined;
  let codeSent: Reservation | undefined;
  try {
    validateChallengeResponse(challenge.nextStep, input.challengeResponse);
    if (isCodeStep(challenge.nextStep.signInStep)) wrongCode = await limits.takeWrongCode(account);
    // Choosing SMS or e-mail, naming the address for e-mail MFA, a passwordless first factor, a
    // password that leads on to MFA: Cognito may send a code, out of the same budget.
    if (answerMaySendACode(challenge.nextStep, input.challengeResponse)) codeSent = await limits.takeCode(account);
  } catch (error) {
    await wrongCode?.refund();
    await store.release(id, token);
    throw error;
  }

  // The device this sign-in presented (only a device Cognito accepted for it carries on).
  const device = deviceOfChallenge(services, claimed.sealedDevice, challenge);
  let outcome: SignInOutcome;
  try {
    outcome = await services.flow.confirm(
      challenge,
      {
        challengeResponse: input.challengeResponse,
        ...(input.userAttributes ? { userAttributes: input.userAttributes } : {}),
        ...(device ? { device: rememberedDevice(device) } : {}),
      },
      { ipAddress: context.clientIp, requestId: context.requestId },
    );
  } catch (error) {
    await codeSent?.refund();
    return settleFailure(error);
  }
  await wrongCode?.refund();
  if (codeSent && !sentACode(outcome)) await codeSent.refund();
  await store.delete(id);
  const carry: SignInCarry = { signInName: challenge.signInName, ...(device ? { device } : {}) };
  // Only a next open step keeps the stash (opening it is an AES-GCM decryption; DONE needs none).
  const resend = outcome.status === "challenge" ? carryResend(openResendInput(id, claimed.record.resend, key), challenge, input.challengeResponse) : undefined;
  return outcomeResponse(services, context, outcome, resend ? { ...carry, resend } : carry);

  async function settleFailure(error: unknown): Promise<AuthResponse> {
    const code = error instanceof AuthError ? error.code : "INTERNAL";
    if (code === "CODE_MISMATCH") {
      // The attempt and the wrong code were taken before Cognito answered: they stay taken.
      const attemptsLeft = await store.recordWrongAnswer(id!, token);
      services.logger.warn(attemptsLeft === 0 ? "challenge.closed" : "challenge.wrong-code", { requestId: context.requestId, attemptsLeft });
      return errorResponse(new AuthError("CODE_MISMATCH", { attemptsLeft }), attemptsLeft === 0 ? clearChallenge : []);
    }
    // Anything else was no wrong code (an expired session is not the user's guess).
    await wrongCode?.refund();
    if (code === "CHALLENGE_EXPIRED" || code === "NOT_AUTHORIZED" || code === "PASSWORD_RESET_REQUIRED" || code === "USER_NOT_CONFIRMED") {
      await store.delete(id!);
      return errorResponse(error as AuthError, clearChallenge);
    }
    // Cognito did not judge the answer (unavailable, a policy failure on a new password,
    // a bad request): the attempt is given back and the challenge stays open.
    await store.release(id!, token);
    throw error;
  }
  },
});

/**
 * The resend stash carries on to the next step (the SMS step after an MFA choice, say). A
 * password given at CONFIRM_SIGN_IN_WITH_PASSWORD joins it, with its first factor, so a resend
 * from the code step after it signs in the same way.
 */
function carryResend(stash: ResendInput | undefined, challenge: OpenChallenge<StepDetails>, answer: string): ResendInput | undefined {
  if (!stash) return undefined;
  if (challenge.nextStep.signInStep === "CONFIRM_SIGN_IN_WITH_PASSWORD") return { ...stash, password: answer, preferredChallenge: challenge.firstFactor ?? "PASSWORD_SRP" };
  return stash;
}
