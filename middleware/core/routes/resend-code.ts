import { z } from "zod";
import { AuthError } from "../../../shared/errors/auth-error.js";
import { sentACode, type SignInOutcome } from "../../../shared/flow/outcome.js";
import type { Reservation } from "../../limits/rate-limits.js";
import { rememberedDevice } from "../device-cookie.js";
import { defineEndpoint } from "../endpoint.js";
import { openResendInput } from "../resend-stash.js";
import { errorResponse } from "../responses.js";
import { claimClientChallenge, deviceOfChallenge, isClaimed } from "./claim-challenge.js";
import { outcomeResponse } from "./outcome-response.js";

const RESENDABLE = new Set(["CONFIRM_SIGN_IN_WITH_SMS_CODE", "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"]);

/**
 * POST /resend-code: a new code for the open SMS or e-mail step. Cognito has no resend call, so
 * the sign-in starts again from the inputs in the resend stash, which only the key in this
 * client's challenge cookie (or challengeToken) opens. The challenge is claimed first (one
 * answer or resend at a time), then a sign-in from the IP and a code from the account's
 * codes-sent budget are taken before Cognito is asked (RATE_LIMITED past them); the old
 * challenge is closed, so its code stops working, and the new step gets a new id and expiry.
 */
export const resendCode = defineEndpoint({
  path: "/resend-code",
  method: "POST",
  body: z.object({
    /** Body transport only: the open step's challengeToken. */
    challengeToken: z.string().max(128).optional(),
  }),
  handle: async (services, context, input) => {
    const { store, limits } = services;
    const claimed = await claimClientChallenge(services, context, input.challengeToken);
    if (!isClaimed(claimed)) return claimed;
    const { id, key, token, clearChallenge } = claimed;
    const { challenge } = claimed.record;
    const stash = openResendInput(id, claimed.record.resend, key);
    // No code step open (or nothing to sign in again with): there is no code to send again.
    if (!RESENDABLE.has(challenge.nextStep.signInStep) || !stash) {
      await store.release(id, token);
      throw new AuthError("CHALLENGE_EXPIRED", { message: "There is no code step to send a new code for." });
    }

    let signInSlot: Reservation | undefined;
    let code: Reservation | undefined;
    try {
      signInSlot = await limits.takeSignIn(context.clientIp);
      const account = limits.accountOfUser(challenge.cognitoUsername);
      await limits.assertMayAnswer(account);
      code = await limits.takeCode(account);
    } catch (error) {
      await signInSlot?.refund();
      await store.release(id, token);
      throw error;
    }

    const device = deviceOfChallenge(services, claimed.sealedDevice, challenge);
    let outcome: SignInOutcome;
    try {
      outcome = await services.flow.resendCode(
        challenge,
        { username: challenge.signInName, ...stash, ...(device ? { device: rememberedDevice(device) } : {}) },
        { ipAddress: context.clientIp, requestId: context.requestId },
      );
    } catch (error) {
      await code.refund();
      const errorCode = error instanceof AuthError ? error.code : "INTERNAL";
      if (errorCode === "UPSTREAM_UNAVAILABLE" || errorCode === "INTERNAL") {
        await signInSlot.refund();
        await store.release(id, token);
        throw error;
      }
      // The password changed, the account now needs a reset...: this sign-in is over.
      await store.delete(id);
      return errorResponse(error instanceof AuthError ? error : new AuthError("INTERNAL"), clearChallenge);
    }
    if (!sentACode(outcome)) await code.refund();
    await store.delete(id);
    services.logger.info("sign-in.code-resent", { requestId: context.requestId });
    return outcomeResponse(services, context, outcome, { signInName: challenge.signInName, resend: stash, ...(device ? { device } : {}) });
  },
});
