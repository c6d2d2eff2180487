import { AuthError } from "../../../shared/errors/auth-error.js";
import { errorResponse, jsonResponse } from "../responses.js";
import { z } from "zod";
import { defineEndpoint } from "../endpoint.js";
import { tokenField } from "../schemas.js";

/**
 * POST /refresh: new tokens from the refresh token (the cookie, or the body in body mode). Each
 * attempt takes a point of the IP's bad-token budget before Cognito is asked, refunded when it
 * worked, so made-up refresh tokens cannot spend the Cognito quota.
 */
export const refresh = defineEndpoint({
  path: "/refresh",
  method: "POST",
  body: z.object({
    /** Body transport only. */
    refreshToken: tokenField.optional(),
    /** Body transport only: `user.username` from the sign-in result (Cognito's name, for SECRET_HASH). */
    username: z.string().min(1).max(256).optional(),
  }),
  handle: async (services, context, input) => {
  const limits = { clientIp: context.clientIp, requestId: context.requestId };
  if (services.options.tokenTransport === "body") {
    if (!input.refreshToken || !input.username) throw new AuthError("INVALID_REQUEST", { message: "refreshToken and username are required." });
    const auth = await services.guard.refreshWith(input.refreshToken, input.username, limits);
    if (auth.status === "signed-out" || !auth.tokens) throw new AuthError("NOT_SIGNED_IN");
    const { accessToken, idToken, refreshToken, expiresIn } = auth.tokens;
    return jsonResponse(200, { ...auth.session, tokens: { accessToken, idToken, refreshToken, expiresIn } });
  }
  const { session } = services.cookies.read(context.request.header("cookie"));
  if (!session.refreshToken) return errorResponse(new AuthError("NOT_SIGNED_IN"));
  const auth = await services.guard.refreshSession(session, limits);
  if (auth.status === "signed-out") return errorResponse(new AuthError("NOT_SIGNED_IN"), auth.setCookies);
  return jsonResponse(200, auth.session, auth.setCookies);
  },
});
