import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { ExpressHandler } from "./framework-types.js";
import { createAuthCore, type AuthCore } from "../core/auth-core.js";
import type { AuthOptions } from "../core/options.js";
import type { AuthenticatedUser } from "../guard/session-guard.js";
import type { RequireAuthOptions } from "../guard/require-auth-options.js";
import { defaultAuthCore, forgetAuthCore, registerAuthCore } from "./default-auth.js";
import { fromNodeRequest, pathBelow, sendNodeResponse } from "./node-http.js";
import { requireAuthNode } from "./node.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by cognito-mfa-kit's requireAuth(). */
      user?: AuthenticatedUser;
    }
  }
}

export interface ExpressAuth extends ExpressHandler {
  /** Guards the app's own routes: verified user on `req.user`, else 401 NOT_SIGNED_IN. */
  requireAuth(options?: RequireAuthOptions): ExpressHandler;
  readonly core: AuthCore;
  /** Closes its Redis connection and timers, and un-registers it for a bare `requireAuth()`. */
  close(): Promise<void>;
}

/**
 * The auth routes for Express 4 and 5: `app.use("/auth", expressAuth(options))`. Works with or
 * without a body parser in front; requests for other paths go on to `next()`.
 */
export function expressAuth(options: Omit<AuthOptions, "basePath"> & { basePath?: string }): ExpressAuth {
  const core = createAuthCore(options);
  registerAuthCore(core);

  const middleware = (async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      // Mounted at a path, Express hands us the rest of it; mounted at the root, we match basePath.
      const mounted = req.baseUrl !== "";
      const path = mounted ? req.path : pathBelow(req.path, core.options.basePath);
      if (path === undefined) return next();
      const basePath = mounted ? req.baseUrl : core.options.basePath;
      const request = fromNodeRequest(req, bodyAlreadyParsed(req) ? { value: req.body as unknown } : undefined);
      sendNodeResponse(res, await core.handle(request, { path, basePath, remoteAddress: req.socket.remoteAddress }));
    } catch (error) {
      next(error);
    }
  }) as RequestHandler as ExpressAuth;
  return Object.assign(middleware, {
    core,
    requireAuth: (requireOptions: RequireAuthOptions = {}) => expressRequireAuth(core, requireOptions) as ExpressHandler,
    async close() {
      forgetAuthCore(core);
      await core.close();
    },
  });
}

/** requireAuth() for the app's routes; finds the app's auth middleware when there is one. */
export function requireAuth(options: RequireAuthOptions = {}): ExpressHandler {
  let core: AuthCore | undefined;
  const handler: RequestHandler = (req, res, next) => {
    try {
      core ??= defaultAuthCore();
    } catch (error) {
      return next(error);
    }
    return expressRequireAuth(core, options)(req, res, next);
  };
  return handler as ExpressHandler;
}

function expressRequireAuth(core: AuthCore, options: RequireAuthOptions): RequestHandler {
  return (req, res, next) => {
    requireAuthNode(core, req, res, options).then((user) => {
      if (!user) return;
      req.user = user;
      next();
    }, next);
  };
}

/** body-parser marks what it consumed; Express 5 leaves `req.body` undefined otherwise. */
function bodyAlreadyParsed(req: ExpressRequest): boolean {
  return (req as { _body?: boolean })._body === true || (req.body !== undefined && req.readableEnded);
}
