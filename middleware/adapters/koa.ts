import type { Context, Middleware, Next } from "koa";
import { AuthError } from "../../shared/errors/auth-error.js";
import { createAuthCore, type AuthCore } from "../core/auth-core.js";
import type { AuthOptions } from "../core/options.js";
import { errorResponse } from "../core/responses.js";
import type { AuthenticatedUser } from "../guard/session-guard.js";
import { wantsRedirect, type RequireAuthOptions } from "../guard/require-auth-options.js";
import { defaultAuthCore, forgetAuthCore, registerAuthCore } from "./default-auth.js";
import { fromNodeRequest, pathBelow } from "./node-http.js";
import type { AuthResponse } from "../core/auth-http.js";
import type { KoaMiddleware } from "./framework-types.js";

export interface KoaAuth extends KoaMiddleware {
  /** Guards the app's own routes: verified user on `ctx.state.user`, else 401 NOT_SIGNED_IN. */
  requireAuth(options?: RequireAuthOptions): KoaMiddleware;
  readonly core: AuthCore;
  /** Closes its Redis connection and timers, and un-registers it for a bare `requireAuth()`. */
  close(): Promise<void>;
}

/**
 * The auth routes for Koa 2 and 3: `app.use(koaAuth({ ...options, basePath: "/auth" }))`.
 * Works with or without a body parser in front; other paths go on to `next()`.
 */
export function koaAuth(options: AuthOptions): KoaAuth {
  const core = createAuthCore(options);
  registerAuthCore(core);

  const middleware = (async (ctx: Context, next: Next) => {
    const path = pathBelow(ctx.path, core.options.basePath);
    if (path === undefined) return next();
    const requestBody = (ctx.request as { body?: unknown }).body;
    const request = fromNodeRequest(ctx.req, requestBody !== undefined ? { value: requestBody } : undefined);
    sendToKoa(ctx, await core.handle(request, { path, basePath: core.options.basePath, remoteAddress: ctx.req.socket.remoteAddress }));
  }) as Middleware as unknown as KoaAuth;
  return Object.assign(middleware, {
    core,
    requireAuth: (requireOptions: RequireAuthOptions = {}) => koaRequireAuth(() => core, requireOptions) as unknown as KoaMiddleware,
    async close() {
      forgetAuthCore(core);
      await core.close();
    },
  });
}

/** requireAuth() for Koa routes; finds the app's auth middleware when there is one. */
export function requireAuth(options: RequireAuthOptions = {}): KoaMiddleware {
  return koaRequireAuth(defaultAuthCore, options) as unknown as KoaMiddleware;
}

function koaRequireAuth(getCore: () => AuthCore, options: RequireAuthOptions): Middleware {
  let core: AuthCore | undefined;
  return async (ctx, next) => {
    core ??= getCore();
    let auth;
    try {
      auth = await core.authenticate({
        cookieHeader: ctx.get("cookie") || null,
        authorization: ctx.get("authorization") || null,
        remoteAddress: ctx.req.socket.remoteAddress,
        forwardedFor: ctx.get("x-forwarded-for") || null,
      });
    } catch (error) {
      return void sendToKoa(ctx, errorResponse(error instanceof AuthError ? error : new AuthError("INTERNAL")));
    }
    if (auth.setCookies.length) ctx.append("set-cookie", auth.setCookies);
    if (auth.status === "signed-in") {
      (ctx.state as { user?: AuthenticatedUser }).user = auth.user;
      return next();
    }
    if (wantsRedirect(options, ctx.method, ctx.get("accept"))) {
      ctx.set("cache-control", "no-store");
      ctx.status = 303;
      ctx.redirect(options.redirectTo);
      return;
    }
    return void sendToKoa(ctx, errorResponse(new AuthError("NOT_SIGNED_IN")));
  };
}

function sendToKoa(ctx: Context, response: AuthResponse): void {
  ctx.status = response.status;
  for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
  if (response.setCookies.length) ctx.append("set-cookie", response.setCookies);
  ctx.body = response.body;
  // Koa guesses a type for string bodies (text/plain); keep ours.
  const type = response.headers["content-type"];
  if (type) ctx.type = type;
}
