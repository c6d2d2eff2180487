import { AuthError } from "../../../shared/errors/auth-error.js";
import { parseBody } from "../parse-body.js";
import { errorResponse, jsonResponse } from "../responses.js";
import { refreshBody } from "../schemas.js";
import type { Route } from "../route-context.js";

/** POST /refresh: new tokens from the refresh token (the cookie, or the body in body mode). */
export const refresh: Route = async (services, context) => {
  const input = parseBody(refreshBody, context.body);
  if (services.options.tokenTransport === "body") {
    if (!input.refreshToken || !input.username) throw new AuthError("INVALID_REQUEST", { message: "refreshToken and username are required." });
    const refreshed = await services.flow.refresh({ refreshToken: input.refreshToken, cognitoUsername: input.username }, { requestId: context.requestId });
    const { accessToken, idToken, refreshToken, expiresIn } = refreshed.tokens;
    return jsonResponse(200, { ...refreshed.session, tokens: { accessToken, idToken, refreshToken, expiresIn } });
  }
  const { session } = services.cookies.read(context.request.header("cookie"));
  if (!session.refreshToken) return errorResponse(new AuthError("NOT_SIGNED_IN"));
  const auth = await services.guard.refreshOnce(session, context.requestId);
  if (auth.status === "signed-out") return errorResponse(new AuthError("NOT_SIGNED_IN"), auth.setCookies);
  return jsonResponse(200, auth.session, auth.setCookies);
};
