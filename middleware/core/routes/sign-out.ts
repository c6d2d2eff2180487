import { AuthError } from "../../../shared/errors/auth-error.js";
import { parseBody } from "../parse-body.js";
import { noContentResponse } from "../responses.js";
import { signOutBody } from "../schemas.js";
import type { Route } from "../route-context.js";

/**
 * POST /sign-out: revokes the refresh token at Cognito (and every session with `global`),
 * marks the access token signed out for `requireAuth`, and clears the cookies. Always 204: the
 * local session ends even when Cognito cannot be reached (that is logged).
 */
export const signOut: Route = async (services, context) => {
  const input = parseBody(signOutBody, context.body);
  const cookieMode = services.options.tokenTransport === "cookie";
  const session = cookieMode ? services.cookies.read(context.request.header("cookie")).session : { refreshToken: input.refreshToken, accessToken: input.accessToken };

  await services.guard.revoke(session.accessToken);
  try {
    await services.flow.signOut(
      {
        ...(session.refreshToken ? { refreshToken: session.refreshToken } : {}),
        ...(session.accessToken ? { accessToken: session.accessToken } : {}),
        global: input.global ?? false,
      },
      { requestId: context.requestId },
    );
  } catch (error) {
    const code = error instanceof AuthError ? error.code : "INTERNAL";
    // Already revoked or expired: the goal is reached. Anything else is logged loudly.
    if (code !== "NOT_SIGNED_IN") services.logger.error("sign-out.revoke-failed", { requestId: context.requestId, code });
  }
  return noContentResponse(cookieMode ? services.cookies.clearSession() : []);
};
