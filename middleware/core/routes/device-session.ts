import { AuthError } from "../../../shared/errors/auth-error.js";
import { bearerOf } from "../bearer.js";
import type { AuthServices, RouteContext } from "../route-context.js";

/** The signed-in user a device route acts for: a verified access token, and cookies a refresh set. */
export interface DeviceSession {
  accessToken: string;
  cognitoUsername: string;
  setCookies: string[];
}

/**
 * The session behind a device route (the cookies, or `Authorization: Bearer` in body mode), as
 * `requireAuth` decides it: only a verified access token acts; an expired one is refreshed when
 * the transport allows. No session: NOT_SIGNED_IN.
 */
export async function deviceSession(services: AuthServices, context: RouteContext): Promise<DeviceSession> {
  const cookieHeader = context.request.header("cookie");
  const authorization = context.request.header("authorization");
  const auth = await services.guard.authenticate({
    cookieHeader,
    authorization,
    allowRefresh: services.options.tokenTransport === "cookie",
    clientIp: context.clientIp,
    requestId: context.requestId,
  });
  if (auth.status === "signed-out") throw new AuthError("NOT_SIGNED_IN");
  const bearer = bearerOf(authorization ?? null);
  const accessToken = auth.tokens?.accessToken ?? bearer ?? services.cookies.read(cookieHeader).session.accessToken;
  if (!accessToken) throw new AuthError("NOT_SIGNED_IN");
  return { accessToken, cognitoUsername: auth.user.username, setCookies: auth.setCookies };
}

/** This browser's device, when its cookie opens and belongs to the signed-in user. */
export function thisBrowsersDevice(services: AuthServices, context: RouteContext, cognitoUsername: string) {
  const device = services.devices.open(services.cookies.read(context.request.header("cookie")).device);
  return device && device.cognitoUsername === cognitoUsername ? device : undefined;
}
