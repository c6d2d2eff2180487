import { AuthError } from "../../../shared/errors/auth-error.js";
import type { Reservation } from "../../limits/limiter.js";
import { errorResponse, noContentResponse } from "../responses.js";
import { z } from "zod";
import { defineEndpoint } from "../endpoint.js";
import { tokenField } from "../schemas.js";

/**
 * POST /sign-out: revokes the refresh token at Cognito (and every session with `global`),
 * marks the access token signed out for `requireAuth`, and clears the cookies. 204 even when
 * Cognito cannot be reached (that is logged).
 *
 * Only a verified access token names a session (or, with `global`, a user) to sign out, and only
 * a verified one is sent to Cognito; nothing is stored for any other. A request whose tokens do
 * not verify takes a point of the IP's bad-token budget before its refresh token goes to
 * Cognito (refunded when Cognito revoked it): past the limit, 429 (the cookies still cleared).
 */
export const signOut = defineEndpoint({
  path: "/sign-out",
  method: "POST",
  body: z.object({
    global: z.boolean().optional(),
    /** Body transport only. */
    refreshToken: tokenField.optional(),
    accessToken: tokenField.optional(),
  }),
  handle: async (services, context, input) => {
  const cookieMode = services.options.tokenTransport === "cookie";
  const session = cookieMode ? services.cookies.read(context.request.header("cookie")).session : { refreshToken: input.refreshToken, accessToken: input.accessToken };
  const cleared = cookieMode ? services.cookies.clearSession() : [];
  const global = input.global ?? false;

  const target = await services.guard.signOut(session.accessToken, { global, requestId: context.requestId });
  if (target) Object.assign(context.audit, { username: target.claims.username, sub: target.claims.sub, global });
  let charge: Reservation | undefined;
  if (!target && (session.accessToken || session.refreshToken)) {
    try {
      charge = await services.guard.chargeBadToken(context.clientIp);
    } catch (error) {
      if (error instanceof AuthError) return errorResponse(error, cleared);
      throw error;
    }
  }
  try {
    await services.flow.signOut(
      {
        ...(session.refreshToken ? { refreshToken: session.refreshToken } : {}),
        ...(target && session.accessToken ? { accessToken: session.accessToken } : {}),
        global: global && target !== undefined,
      },
      { requestId: context.requestId },
    );
    if (session.refreshToken) await charge?.refund();
  } catch (error) {
    const code = error instanceof AuthError ? error.code : "INTERNAL";
    // Already revoked or expired: the goal is reached. Anything else is logged loudly.
    if (code !== "NOT_SIGNED_IN") services.logger.error("sign-out.revoke-failed", { requestId: context.requestId, code });
  }
  if (target?.cutOffMs !== undefined) await services.guard.settleGlobalSignOut(target.cutOffMs);
  return noContentResponse(cleared);
  },
});
