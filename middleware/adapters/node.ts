import type { IncomingMessage, ServerResponse } from "node:http";
import { AuthError } from "../../shared/errors/auth-error.js";
import { createAuthCore, type AuthCore } from "../core/auth-core.js";
import type { AuthOptions } from "../core/options.js";
import { errorResponse } from "../core/responses.js";
import type { AuthenticatedUser } from "../guard/session-guard.js";
import { wantsRedirect, type RequireAuthOptions } from "../guard/require-auth-options.js";
import { registerAuthCore, forgetAuthCore } from "./default-auth.js";
import { appendSetCookies, fromNodeRequest, pathBelow, safePath, sendNodeResponse } from "./node-http.js";

export interface NodeAuth {
  /** A whole `http.createServer` listener: the auth routes, and 404 for anything else. */
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Answers the request if it is for an auth route; false (nothing written) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The signed-in user, or undefined after answering 401 (or redirecting) itself. */
  requireAuth(req: IncomingMessage, res: ServerResponse, options?: RequireAuthOptions): Promise<AuthenticatedUser | undefined>;
  readonly core: AuthCore;
  close(): Promise<void>;
}

/** The auth routes for Node's `http` module: `createServer(nodeAuth(options))`. */
export function nodeAuth(options: AuthOptions): NodeAuth {
  const core = createAuthCore(options);
  registerAuthCore(core);
  const basePath = core.options.basePath;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = pathBelow(safePath(req.url).split("?")[0]!, basePath);
    if (path === undefined) return false;
    sendNodeResponse(res, await core.handle(fromNodeRequest(req), { path, basePath, remoteAddress: req.socket.remoteAddress }));
    return true;
  }

  const listener = (async (req: IncomingMessage, res: ServerResponse) => {
    if (!(await handle(req, res))) sendNodeResponse(res, errorResponse(new AuthError("NOT_FOUND")));
  }) as NodeAuth;
  return Object.assign(listener, {
    handle,
    core,
    requireAuth: (req: IncomingMessage, res: ServerResponse, requireOptions: RequireAuthOptions = {}) => requireAuthNode(core, req, res, requireOptions),
    async close() {
      forgetAuthCore(core);
      await core.close();
    },
  });
}

/** requireAuth for plain Node: shared by the Express adapter's error-free path too. */
export async function requireAuthNode(core: AuthCore, req: IncomingMessage, res: ServerResponse, options: RequireAuthOptions): Promise<AuthenticatedUser | undefined> {
  let auth;
  try {
    auth = await core.authenticate({
      cookieHeader: header(req, "cookie"),
      authorization: header(req, "authorization"),
      remoteAddress: req.socket.remoteAddress,
      forwardedFor: header(req, "x-forwarded-for"),
    });
  } catch (error) {
    sendNodeResponse(res, errorResponse(error instanceof AuthError ? error : new AuthError("INTERNAL")));
    return undefined;
  }
  if (auth.setCookies.length) appendSetCookies(res, auth.setCookies);
  if (auth.status === "signed-in") return auth.user;
  if (wantsRedirect(options, req.method, header(req, "accept") ?? undefined)) {
    res.statusCode = 303;
    res.setHeader("location", options.redirectTo);
    res.setHeader("cache-control", "no-store");
    res.end();
    return undefined;
  }
  sendNodeResponse(res, errorResponse(new AuthError("NOT_SIGNED_IN")));
  return undefined;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}
