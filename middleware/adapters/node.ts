import type { IncomingMessage, ServerResponse } from "node:http";
import { AuthError } from "../../shared/errors/auth-error.js";
import { createAuthCore, type AuthCore } from "../core/auth-core.js";
import { AuthOptionsError, type AuthOptions } from "../core/options.js";
import { errorResponse } from "../core/responses.js";
import type { AuthenticatedUser } from "../guard/session-guard.js";
import { resolveRequireAuth, type RequireAuthOptions, type ResolvedRequireAuth } from "../guard/require-auth-options.js";
import { decide, passNow, type GuardRequest } from "../guard/guard-decision.js";
import { appendSetCookies, fromNodeRequest, pathBelow, safePath, sendNodeResponse } from "./node-http.js";

export interface NodeAuth {
  /** A whole `http.createServer` listener: the auth routes, and 404 for anything else. */
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Answers the request if it is for an auth route; false (nothing written) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /**
   * The signed-in user, or undefined after answering 401/403 (or redirecting) itself. With
   * `optional: true` a signed-out request also gives undefined, with nothing written: check
   * `res.headersSent` (or `res.writableEnded`) to tell the two apart.
   */
  requireAuth(req: IncomingMessage, res: ServerResponse, options?: RequireAuthOptions): Promise<AuthenticatedUser | undefined>;
  readonly core: AuthCore;
  close(): Promise<void>;
}

/** The auth routes for Node's `http` module: `createServer(nodeAuth(options))`. */
export function nodeAuth(options: AuthOptions): NodeAuth {
  if (options.clientIp === "host") throw new AuthOptionsError('cognito-mfa-kit: options.clientIp "host" needs Express or Koa (Node http has no proxy setting of its own): use trustProxy');
  const core = createAuthCore(options);
  const basePath = core.options.basePath;
  // Options are checked once per distinct object, not per request.
  const resolvedFor = new WeakMap<RequireAuthOptions, ResolvedRequireAuth>();
  const defaults = resolveRequireAuth({}, "node");

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
    requireAuth: (req: IncomingMessage, res: ServerResponse, requireOptions?: RequireAuthOptions) => {
      let resolved = requireOptions ? resolvedFor.get(requireOptions) : defaults;
      if (!resolved) {
        resolved = resolveRequireAuth(requireOptions, "node");
        resolvedFor.set(requireOptions!, resolved);
      }
      return requireAuthNode(core, req, res, resolved);
    },
    async close() {
      await core.close();
    },
  });
}

/** requireAuth for plain Node: the user, or undefined once it has answered (or for a signed-out optional request). */
export async function requireAuthNode(core: AuthCore, req: IncomingMessage, res: ServerResponse, options: ResolvedRequireAuth): Promise<AuthenticatedUser | undefined> {
  const known = passNow(core, req.headers.cookie ?? null, authorizationOf(req), options);
  if (known !== undefined) return known;
  const decision = await decide(core, guardRequestOf(req), options);
  if (decision.setCookies.length) appendSetCookies(res, decision.setCookies);
  if (decision.kind === "pass") return decision.user;
  if (decision.kind === "redirect") sendRedirect(res, decision.location);
  else sendNodeResponse(res, errorResponse(decision.error));
  return undefined;
}

/** What requireAuth reads from a Node request (Express's request is one). */
export function guardRequestOf(req: IncomingMessage, hostIp?: string): GuardRequest {
  return {
    cookieHeader: header(req, "cookie"),
    authorization: header(req, "authorization"),
    remoteAddress: req.socket.remoteAddress,
    forwardedFor: header(req, "x-forwarded-for"),
    ...(hostIp !== undefined ? { hostIp } : {}),
    method: req.method,
    accept: header(req, "accept") ?? undefined,
    userAgent: header(req, "user-agent"),
    url: req.url,
  };
}

/** 303 to a login page, never cached. */
export function sendRedirect(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader("location", location);
  res.setHeader("cache-control", "no-store");
  res.end();
}

/** The Authorization header (Node keeps a single one as a string). */
export function authorizationOf(req: IncomingMessage): string | null {
  return req.headers.authorization ?? null;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}
