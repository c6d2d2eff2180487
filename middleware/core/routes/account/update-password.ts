import { z } from "zod";
import { ACCOUNT_INPUT_SHAPES } from "../../../../shared/account/account-schemas.js";
import { AuthError } from "../../../../shared/errors/auth-error.js";
import { defineEndpoint } from "../../endpoint.js";
import { noContentResponse } from "../../responses.js";
import { withSession } from "./with-session.js";

/**
 * POST /update-password (session): 204. A wrong old password is a password guess, so it
 * spends a sign-in from the client's IP budget like a sign-in does (taken before Cognito,
 * given back unless Cognito said NOT_AUTHORIZED): a stolen session cannot guess the password
 * faster than the sign-in form could.
 */
export const updatePassword = defineEndpoint({
  path: "/update-password",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.updatePassword),
  handle: (services, context, input) =>
    withSession(services, context, async ({ accessToken }) => {
      const guess = await services.limits.takeSignIn(context.clientIp);
      try {
        await services.account.updatePassword(accessToken, input);
      } catch (error) {
        if (!(error instanceof AuthError && error.code === "NOT_AUTHORIZED")) await guess.refund();
        throw error;
      }
      await guess.refund();
      services.logger.info("account.password-changed", { requestId: context.requestId });
      return noContentResponse();
    }),
});
