import { AuthError } from "../../../shared/errors/auth-error.js";
import { errorResponse, jsonResponse } from "../responses.js";
import { defineEndpoint } from "../endpoint.js";

/** GET /session: who is signed in (refreshing an expired access token on the way). */
export const session = defineEndpoint({
  path: "/session",
  method: "GET",
  handle: async (services, context) => {
  const auth = await services.guard.authenticate({
    cookieHeader: context.request.header("cookie"),
    authorization: context.request.header("authorization"),
    allowRefresh: services.options.tokenTransport === "cookie",
    clientIp: context.clientIp,
    requestId: context.requestId,
  });
  if (auth.status === "signed-out") return errorResponse(new AuthError("NOT_SIGNED_IN"), auth.setCookies);
  return jsonResponse(200, auth.session, auth.setCookies);
  },
});
