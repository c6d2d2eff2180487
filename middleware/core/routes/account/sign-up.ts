import { z } from "zod";
import { ACCOUNT_INPUT_SHAPES } from "../../../../shared/account/account-schemas.js";
import { defineEndpoint } from "../../endpoint.js";
import { jsonResponse } from "../../responses.js";
import { checkingCode, sendingCodes } from "./code-budgets.js";

// The sign-up routes (no session). `routes.signUp: false` takes all three away (endpoints.ts).
// Cognito names no user on these calls, so the budgets are the name's (AccountLimits.accountsOfName).

/** POST /sign-up: an unconfirmed user and a code (codes-sent budgets: the name's and the IP's). */
export const signUp = defineEndpoint({
  path: "/sign-up",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.signUp),
  handle: async (services, context, input) => {
    const accounts = await services.accountLimits.accountsOfName(input.username);
    const result = await sendingCodes(
      services,
      context,
      accounts,
      1,
      () => services.account.signUp({ username: input.username, password: input.password, ...(input.userAttributes ? { userAttributes: input.userAttributes } : {}) }),
      // A pool that confirms at once sends nothing.
      (output) => (output.nextStep.codeDeliveryDetails ? 1 : 0),
    );
    services.logger.info("account.signed-up", { requestId: context.requestId, confirmed: result.isSignUpComplete });
    return jsonResponse(200, result);
  },
});

/**
 * POST /confirm-sign-up: the code from sign-up (wrong-code budgets). An unknown name is a wrong
 * code (the exception map), so this does not tell who exists. Answers DONE; the page then asks
 * for the password (docs/http-api.md, "Account routes", says why there is no auto sign-in).
 */
export const confirmSignUp = defineEndpoint({
  path: "/confirm-sign-up",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.confirmSignUp),
  handle: async (services, context, input) => {
    const accounts = await services.accountLimits.accountsOfName(input.username);
    const result = await checkingCode(services, context, accounts, () => services.account.confirmSignUp(input));
    return jsonResponse(200, result);
  },
});

/**
 * POST /resend-sign-up-code: a new code. Every name answers alike (security check 36): an
 * unknown or confirmed one gets a simulated delivery and spends the same budgets, so neither
 * the answer nor a later 429 tells it apart.
 */
export const resendSignUpCode = defineEndpoint({
  path: "/resend-sign-up-code",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.resendSignUpCode),
  handle: async (services, context, input) => {
    const accounts = await services.accountLimits.accountsOfName(input.username);
    const result = await sendingCodes(services, context, accounts, 1, () => services.account.resendSignUpCode(input), () => 1);
    return jsonResponse(200, result);
  },
});
