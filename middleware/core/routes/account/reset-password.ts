import { z } from "zod";
import { ACCOUNT_INPUT_SHAPES } from "../../../../shared/account/account-schemas.js";
import { defineEndpoint } from "../../endpoint.js";
import { jsonResponse } from "../../responses.js";
import { checkingCode, sendingCodes } from "./code-budgets.js";

/**
 * POST /reset-password: a code to the user's verified e-mail or phone. Every name answers alike
 * (security check 36): an unknown one gets a simulated delivery and spends the same budgets
 * (the name's and the IP's), so neither the answer nor a later 429 tells who exists.
 */
export const resetPassword = defineEndpoint({
  path: "/reset-password",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.resetPassword),
  handle: async (services, context, input) => {
    const accounts = await services.accountLimits.accountsOfName(input.username);
    const result = await sendingCodes(services, context, accounts, 1, () => services.account.resetPassword(input), () => 1);
    return jsonResponse(200, result);
  },
});

/** POST /confirm-reset-password: the code and a new password (wrong-code budgets; an unknown name is a wrong code). */
export const confirmResetPassword = defineEndpoint({
  path: "/confirm-reset-password",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.confirmResetPassword),
  handle: async (services, context, input) => {
    const accounts = await services.accountLimits.accountsOfName(input.username);
    const result = await checkingCode(services, context, accounts, () => services.account.confirmResetPassword(input));
    services.logger.info("account.password-reset", { requestId: context.requestId });
    return jsonResponse(200, result);
  },
});
