import type { Context, Middleware, Next } from "koa";
import { AuthError } from "../../shared/errors/auth-error.js";
import { createAuthCore, type AuthCore } from "../core/auth-core.js";
import type { AuthOptions } from "../core/options.js";
import { errorResponse } from "../core/responses.js";
import type { AuthenticatedUser } from "../guard/session-guard.js";
import { wantsRedirect, type RequireAuthOptions } from "../guard/require-auth-options.js";
import { defaultAuthCore, forgetAuthCore, registerAuthCore } from "./default-auth.js";
import { pathBelow, toWebRequest } from "./node-http.js";

export interface KoaAuth extends Middleware {
  /** Guards the app's own routes: verified user on `ctx.state.user`, else 401 NOT_SIGNED_IN. */
  requireAuth(options?: RequireAuthOptions): Middleware;
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
    const parsed = requestBody !== undefined ? { parsedBody: { value: requestBody } } : {};
    const response = await core.handle(toWebRequest(ctx.req, !parsed.parsedBody), { path, basePath: core.options.basePath, remoteAddress: ctx.req.socket.remoteAddress, ...parsed });
    await sendToKoa(ctx, response);
  }) as KoaAuth;
  return Object.assign(middleware, {
    core,
    requireAuth: (requireOptions: RequireAuthOptions = {}) => koaRequireAuth(() => core, requireOptions),
    async close() {
      forgetAuthCore(core);
      await core.close();
    },
  });
}

/** requireAuth() for Koa routes; finds the app's auth middleware when there is one. */
export function requireAuth(options: RequireAuthOptions = {}): Middleware {
  return koaRequireAuth(defaultAuthCore, options);
}

function koaRequireAuth(getCore: () => AuthCore, options: RequireAuthOptions): Middleware {
  let core: AuthCore | undefined;
  return async (ctx, next) => {
    core ??= getCore();
    let auth;
    try {
      auth = await core.authenticate({ cookieHeader: ctx.get("cookie") || null, authorization: ctx.get("authorization") || null });
    } catch (error) {
      return sendToKoa(ctx, errorResponse(error instanceof AuthError ? error : new AuthError("INTERNAL")));
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
    return sendToKoa(ctx, errorResponse(new AuthError("NOT_SIGNED_IN")));
  };
}

async function sendToKoa(ctx: Context, response: Response): Promise<void> {
  ctx.status = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") ctx.set(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) ctx.append("set-cookie", cookies);
  ctx.body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  // Koa guesses a type for Buffer bodies; keep ours.
  const type = response.headers.get("content-type");
  if (type) ctx.type = type;
  if (response.status === 204) ctx.body = null;
}
