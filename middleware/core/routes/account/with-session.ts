import { AuthError } from "../../../../shared/errors/auth-error.js";
import { bearerOf } from "../../bearer.js";
import type { AuthenticatedUser } from "../../../guard/session-guard.js";
import type { AuthResponse } from "../../auth-http.js";
import { errorResponse } from "../../responses.js";
import type { AuthServices, RouteContext } from "../../route-context.js";

/** The signed-in caller of an account route: the verified user and the access token that named them. */
export interface SignedInCaller {
  user: AuthenticatedUser;
  accessToken: string;
}

/**
 * Runs an account route for the signed-in caller: the session cookies (refreshed on the way
 * when the access token has expired), or `Authorization: Bearer` in body mode. Without a
 * session it is NOT_SIGNED_IN before any Cognito call; a made-up token counts against the
 * IP's bad-token budget (the guard). New session cookies from a refresh go on every answer,
 * errors included, so the browser never keeps a spent refresh.
 */
export async function withSession(services: AuthServices, context: RouteContext, run: (caller: SignedInCaller) => Promise<AuthResponse>): Promise<AuthResponse> {
  const { guard, cookies, options } = services;
  const cookieHeader = context.request.header("cookie");
  const authorization = context.request.header("authorization");
  const auth = await guard.authenticate({ cookieHeader, authorization, allowRefresh: options.tokenTransport === "cookie", clientIp: context.clientIp, requestId: context.requestId });
  if (auth.status === "signed-out") return errorResponse(new AuthError("NOT_SIGNED_IN"), auth.setCookies);
  const accessToken = auth.tokens?.accessToken ?? (await presentedToken(services, cookieHeader, authorization, auth.user.sub));
  if (!accessToken) return errorResponse(new AuthError("NOT_SIGNED_IN"), auth.setCookies);
  try {
    const response = await run({ user: auth.user, accessToken });
    response.setCookies.push(...auth.setCookies);
    return response;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // Cognito refused the token (revoked by a global sign-out elsewhere, say): the session cookies are spent.
    const spent = error.code === "NOT_SIGNED_IN" && options.tokenTransport === "cookie" ? cookies.clearSession() : [];
    const setCookies = [...auth.setCookies, ...spent];
    // Nothing to add: the core answers (and logs) it as any other error.
    if (setCookies.length === 0) throw error;
    if (error.code === "INTERNAL" || error.code === "UPSTREAM_UNAVAILABLE") services.logger.error("request.failed", { requestId: context.requestId, code: error.code });
    return errorResponse(error, setCookies);
  }
}

/**
 * The access token the guard verified: the bearer token if one was sent, else the cookie (the
 * guard's own order). Checked again (from the guard's cache) to be the one that named `sub`.
 */
async function presentedToken(services: AuthServices, cookieHeader: string | null, authorization: string | null, sub: string): Promise<string | undefined> {
  const bearer = bearerOf(authorization ?? null);
  const token = bearer ?? services.cookies.read(cookieHeader).session.accessToken;
  if (!token) return undefined;
  const claims = await services.guard.verifyAccessToken(token);
  return claims?.sub === sub ? token : undefined;
}

