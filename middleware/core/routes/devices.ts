import { z } from "zod";
import { AuthError } from "../../../shared/errors/auth-error.js";
import { defineEndpoint } from "../endpoint.js";
import { jsonResponse, noContentResponse } from "../responses.js";
import { deviceSession, thisBrowsersDevice } from "./device-session.js";

/** GET /devices: the signed-in user's devices at Cognito; `current` marks this browser's. */
export const listDevices = defineEndpoint({
  path: "/devices",
  method: "GET",
  handle: async (services, context) => {
    const session = await deviceSession(services, context);
    const current = thisBrowsersDevice(services, context, session.cognitoUsername)?.deviceKey;
    const devices = await services.flow.listDevices({ accessToken: session.accessToken });
    return jsonResponse(
      200,
      {
        devices: devices.map((device) => ({
          id: device.id,
          name: device.name ?? null,
          createdAt: device.createdAt ?? null,
          lastAuthenticatedAt: device.lastAuthenticatedAt ?? null,
          remembered: device.remembered,
          current: device.id === current,
        })),
      },
      session.setCookies,
    );
  },
});

/** POST /remember-device: this browser's device is remembered (later sign-ins skip MFA). */
export const rememberDevice = defineEndpoint({
  path: "/remember-device",
  method: "POST",
  body: z.object({}),
  handle: async (services, context) => {
    const session = await deviceSession(services, context);
    const device = thisBrowsersDevice(services, context, session.cognitoUsername);
    if (!device) throw new AuthError("INVALID_REQUEST", { message: "This browser has no device to remember." });
    await services.flow.rememberDevice({ accessToken: session.accessToken, deviceKey: device.deviceKey });
    return noContentResponse(session.setCookies);
  },
});

/** POST /forget-device: this browser's device (its cookie goes too), or the one named. */
export const forgetDevice = defineEndpoint({
  path: "/forget-device",
  method: "POST",
  body: z.object({ deviceId: z.string().min(1).max(128).regex(/^[A-Za-z0-9_:-]+$/, "deviceId is a Cognito device key").optional() }),
  handle: async (services, context, { deviceId }) => {
    const session = await deviceSession(services, context);
    const mine = thisBrowsersDevice(services, context, session.cognitoUsername);
    const target = deviceId ?? mine?.deviceKey;
    if (!target) throw new AuthError("INVALID_REQUEST", { message: "This browser has no device to forget; name one with deviceId." });
    await services.flow.forgetDevice({ accessToken: session.accessToken, deviceKey: target });
    const clear = mine && mine.deviceKey === target && services.options.tokenTransport === "cookie" ? [services.cookies.clearDevice()] : [];
    return noContentResponse([...session.setCookies, ...clear]);
  },
});
