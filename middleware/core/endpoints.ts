import type { Endpoint } from "./endpoint.js";
import { confirmSignIn } from "./routes/confirm-sign-in.js";
import { refresh } from "./routes/refresh.js";
import { session } from "./routes/session.js";
import { signIn } from "./routes/sign-in.js";
import { signOut } from "./routes/sign-out.js";

/** Every route the middleware serves below its mount point (docs/http-api.md describes them). */
export const ENDPOINTS: readonly Endpoint[] = [signIn, confirmSignIn, refresh, signOut, session];

const BY_PATH = new Map(ENDPOINTS.map((endpoint) => [endpoint.path, endpoint]));

export function endpointAt(path: string): Endpoint | undefined {
  return BY_PATH.get(path);
}
