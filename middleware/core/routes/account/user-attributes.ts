import { z } from "zod";
import { ACCOUNT_INPUT_SHAPES } from "../../../../shared/account/account-schemas.js";
import { defineEndpoint } from "../../endpoint.js";
import { jsonResponse, noContentResponse } from "../../responses.js";
import { checkingCode, sendingCodes } from "./code-budgets.js";
import { withSession } from "./with-session.js";

// The attribute routes (session). The account is the verified access token's `username`.

/** Attributes Cognito verifies by sending a code to the new value. */
const VERIFIED_BY_CODE = new Set(["email", "phone_number"]);

/** GET /user-attributes: `{userAttributes: {name: value}}`. */
export const userAttributes = defineEndpoint({
  path: "/user-attributes",
  method: "GET",
  handle: (services, context) => withSession(services, context, async ({ accessToken }) => jsonResponse(200, await services.account.fetchUserAttributes(accessToken))),
});

/**
 * POST /update-user-attributes: `{name: {isUpdated, nextStep}}`. Each e-mail or phone given
 * may make Cognito send a code, so one code per such attribute is taken first (the user's and
 * the IP's budgets) and given back for each that came back DONE.
 */
export const updateUserAttributes = defineEndpoint({
  path: "/update-user-attributes",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.updateUserAttributes),
  handle: (services, context, input) =>
    withSession(services, context, async ({ user, accessToken }) => {
      const mayCode = Object.keys(input.userAttributes).filter((name) => VERIFIED_BY_CODE.has(name)).length;
      const account = services.accountLimits.accountOfUser(user.username);
      const run = () => services.account.updateUserAttributes(accessToken, input);
      const result =
        mayCode === 0
          ? await run()
          : await sendingCodes(services, context, [account], mayCode, run, (output) => Object.values(output).filter((entry) => entry.nextStep.codeDeliveryDetails).length);
      return jsonResponse(200, result);
    }),
});

/** POST /confirm-user-attribute: 204 (wrong-code budgets: the user's and the IP's). */
export const confirmUserAttribute = defineEndpoint({
  path: "/confirm-user-attribute",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.confirmUserAttribute),
  handle: (services, context, input) =>
    withSession(services, context, async ({ user, accessToken }) => {
      const account = services.accountLimits.accountOfUser(user.username);
      await checkingCode(services, context, [account], () => services.account.confirmUserAttribute(accessToken, input));
      return noContentResponse();
    }),
});

/** POST /send-user-attribute-verification-code: `{codeDeliveryDetails}` (codes-sent budgets: the user's and the IP's). */
export const sendUserAttributeVerificationCode = defineEndpoint({
  path: "/send-user-attribute-verification-code",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.sendUserAttributeVerificationCode),
  handle: (services, context, input) =>
    withSession(services, context, async ({ user, accessToken }) => {
      const account = services.accountLimits.accountOfUser(user.username);
      const result = await sendingCodes(services, context, [account], 1, () => services.account.sendUserAttributeVerificationCode(accessToken, input), () => 1);
      return jsonResponse(200, result);
    }),
});
