import { z } from "zod";
import { ACCOUNT_INPUT_SHAPES } from "../../../../shared/account/account-schemas.js";
import { defineEndpoint } from "../../endpoint.js";
import { jsonResponse, noContentResponse } from "../../responses.js";
import { checkingCode } from "./code-budgets.js";
import { withSession } from "./with-session.js";

// MFA preference and authenticator-app set-up (session).

/** GET /mfa-preference: `{enabled?, preferred?}` (a key is left out when empty, as Amplify does). */
export const mfaPreference = defineEndpoint({
  path: "/mfa-preference",
  method: "GET",
  handle: (services, context) => withSession(services, context, async ({ accessToken }) => jsonResponse(200, await services.account.fetchMFAPreference(accessToken))),
});

/** POST /update-mfa-preference: the preference after the change, as GET answers it. */
export const updateMfaPreference = defineEndpoint({
  path: "/update-mfa-preference",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.updateMFAPreference),
  handle: (services, context, input) => withSession(services, context, async ({ accessToken }) => jsonResponse(200, await services.account.updateMFAPreference(accessToken, stripUndefined(input)))),
});

/** POST /set-up-totp: `{sharedSecret, setupUri}`, labelled with the verified e-mail (else the username). */
export const setUpTotp = defineEndpoint({
  path: "/set-up-totp",
  method: "POST",
  body: z.object({}),
  handle: (services, context) =>
    withSession(services, context, async ({ user, accessToken }) => jsonResponse(200, await services.account.setUpTOTP(accessToken, { accountName: user.email ?? user.username }))),
});

/** POST /verify-totp-setup: 204 once the app's first code is right (wrong-code budgets: the user's and the IP's). */
export const verifyTotpSetup = defineEndpoint({
  path: "/verify-totp-setup",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.verifyTOTPSetup),
  handle: (services, context, input) =>
    withSession(services, context, async ({ user, accessToken }) => {
      const account = services.accountLimits.accountOfUser(user.username);
      await checkingCode(services, context, [account], () => services.account.verifyTOTPSetup(accessToken, stripUndefined(input)));
      return noContentResponse();
    }),
});

/** zod leaves absent optional keys out already; this keeps exactOptionalPropertyTypes content. */
function stripUndefined<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as never;
}
