import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { ExpressHandler } from "./framework-types.js";
import { createAuthCore, type AuthCore } from "../core/auth-core.js";
import type { AuthOptions } from "../core/options.js";
import { errorResponse } from "../core/responses.js";
import type { AuthenticatedUser } from "../guard/session-guard.js";
import { resolveRequireAuth, type ExpressRequireAuthOptions } from "../guard/require-auth-options.js";
import { coreOf, decide, passNow } from "../guard/guard-decision.js";
import { appendSetCookies, fromNodeRequest, pathBelow, sendNodeResponse } from "./node-http.js";
import { authorizationOf, guardRequestOf, sendRedirect } from "./node.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /**
     * The user requireAuth() puts on `req.user`. Declared as passport declares it (`User` on
     * `Express`, `Request.user?: User`), so the two sets of typings merge instead of clashing.
     */
    interface User extends AuthenticatedUser {}
    interface Request {
      /** Set by cognito-mfa-kit's requireAuth() (and by passport, with the same type). */
      user?: User;
    }
  }
}

export interface ExpressAuth extends ExpressHandler {
  /** Guards the app's own routes: verified user on `req.user`, else 401 NOT_SIGNED_IN (see the options). */
  requireAuth(options?: ExpressRequireAuthOptions): ExpressHandler;
  readonly core: AuthCore;
  /** Closes its Redis connection and timers, after letting running event hooks finish (bounded). */
  close(): Promise<void>;
}

/**
 * The auth routes for Express 4 and 5: `app.use("/auth", expressAuth(options))`. Works with or
 * without a body parser in front; requests for other paths go on to `next()`.
 */
export function expressAuth(options: Omit<AuthOptions, "basePath"> & { basePath?: string }): ExpressAuth {
  const core = createAuthCore(options);
  const hostIp = core.options.clientIp === "host";

  const middleware = (async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      // Mounted at a path, Express hands us the rest of it; mounted at the root, we match basePath.
      const mounted = req.baseUrl !== "";
      const path = mounted ? req.path : pathBelow(req.path, core.options.basePath);
      if (path === undefined) return next();
      const basePath = mounted ? req.baseUrl : core.options.basePath;
      const request = fromNodeRequest(req, bodyAlreadyParsed(req) ? { value: req.body as unknown } : undefined);
      const info = { path, basePath, remoteAddress: req.socket.remoteAddress, ...(hostIp ? { hostIp: req.ip, hostTrustsProxy: trustsProxy(req) } : {}) };
      sendNodeResponse(res, await core.handle(request, info));
    } catch (error) {
      next(error);
    }
  }) as RequestHandler as ExpressAuth;
  return Object.assign(middleware, {
    core,
    requireAuth: (requireOptions?: ExpressRequireAuthOptions) => expressRequireAuth(core, requireOptions),
    async close() {
      await core.close();
    },
  });
}

/**
 * requireAuth for the app's routes, given the auth middleware to check against:
 * `const auth = expressAuth(…); app.get("/api/me", requireAuth(auth), handler)` — the same as
 * `auth.requireAuth()`. There is no default auth: without one it throws at start-up.
 */
export function requireAuth(auth: { readonly core: AuthCore } | AuthCore, options?: ExpressRequireAuthOptions): ExpressHandler {
  return expressRequireAuth(coreOf(auth, "requireAuth", "expressAuth"), options);
}

function expressRequireAuth(core: AuthCore, options: ExpressRequireAuthOptions | undefined): ExpressHandler {
  const resolved = resolveRequireAuth(options, "express");
  const hostIp = core.options.clientIp === "host";
  const handler: RequestHandler = (req, res, next) => {
    // A token seen before passes at once; anything else waits for the full decision.
    const user = passNow(core, req.headers.cookie ?? null, authorizationOf(req), resolved);
    if (user !== undefined) {
      req.user = user;
      return next();
    }
    decide(core, guardRequestOf(req, hostIp ? req.ip : undefined), resolved).then((decision) => {
      if (decision.setCookies.length) appendSetCookies(res, decision.setCookies);
      if (decision.kind === "pass") {
        if (decision.user) req.user = decision.user;
        return next();
      }
      if (decision.kind === "redirect") return sendRedirect(res, decision.location);
      if (resolved.onError === "next") return next(decision.error);
      sendNodeResponse(res, errorResponse(decision.error));
    }, next);
  };
  return handler as ExpressHandler;
}

/** Whether Express's `trust proxy` trusts the peer (what `req.host` / `req.ip` rely on). */
function trustsProxy(req: ExpressRequest): boolean {
  const trust = req.app.get("trust proxy fn") as ((address: string | undefined, hop: number) => boolean) | undefined;
  return typeof trust === "function" && trust(req.socket.remoteAddress, 0);
}

/** body-parser marks what it consumed; Express 5 leaves `req.body` undefined otherwise. */
function bodyAlreadyParsed(req: ExpressRequest): boolean {
  return (req as { _body?: boolean })._body === true || (req.body !== undefined && req.readableEnded);
}
