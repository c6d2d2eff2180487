import type { Endpoint } from "./endpoint.js";
import { confirmSignIn } from "./routes/confirm-sign-in.js";
import { forgetDevice, listDevices, rememberDevice } from "./routes/devices.js";
import { refresh } from "./routes/refresh.js";
import { resendCode } from "./routes/resend-code.js";
import { session } from "./routes/session.js";
import { signIn } from "./routes/sign-in.js";
import { signOut } from "./routes/sign-out.js";

/** Every route the middleware serves below its mount point (docs/http-api.md describes them). */
export const ENDPOINTS: readonly Endpoint[] = [signIn, confirmSignIn, resendCode, refresh, signOut, session, listDevices, rememberDevice, forgetDevice];

const BY_PATH = new Map(ENDPOINTS.map((endpoint) => [endpoint.path, endpoint]));

export function endpointAt(path: string): Endpoint | undefined {
  return BY_PATH.get(path);
}
