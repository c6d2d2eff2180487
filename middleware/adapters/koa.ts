import type { Context, Middleware, Next } from "koa";
import { createAuthCore, type AuthCore } from "../core/auth-core.js";
import type { AuthOptions } from "../core/options.js";
import { errorResponse } from "../core/responses.js";
import type { AuthenticatedUser } from "../guard/session-guard.js";
import { resolveRequireAuth, type RequireAuthOptions } from "../guard/require-auth-options.js";
import { coreOf, decide, passNow, type GuardRequest } from "../guard/guard-decision.js";
import { fromNodeRequest, pathBelow } from "./node-http.js";
import type { AuthResponse } from "../core/auth-http.js";
import type { KoaMiddleware } from "./framework-types.js";

/**
 * The state requireAuth fills: type your app with it (`new Koa<KoaAuthState>()`, or
 * `new Router<KoaAuthState>()`) and `ctx.state.user` is the verified user. A module
 * augmentation of "koa" would type every app at once, but it breaks the typings of any app that
 * has koa without @types/koa, or no koa at all (an Express app), when skipLibCheck is off.
 */
export interface KoaAuthState {
  /** Set by cognito-mfa-kit's requireAuth(): the verified user. */
  user?: AuthenticatedUser;
}

export interface KoaAuth extends KoaMiddleware {
  /** Guards the app's own routes: verified user on `ctx.state.user`, else 401 NOT_SIGNED_IN (see the options). */
  requireAuth(options?: RequireAuthOptions): KoaMiddleware;
  readonly core: AuthCore;
  /** Closes its Redis connection and timers, after letting running event hooks finish (bounded). */
  close(): Promise<void>;
}

/**
 * The auth routes for Koa 2 and 3: `app.use(koaAuth({ ...options, basePath: "/auth" }))`.
 * Works with or without a body parser in front; other paths go on to `next()`.
 */
export function koaAuth(options: AuthOptions): KoaAuth {
  const core = createAuthCore(options);
  const hostIp = core.options.clientIp === "host";

  const middleware = (async (ctx: Context, next: Next) => {
    const path = pathBelow(ctx.path, core.options.basePath);
    if (path === undefined) return next();
    const requestBody = (ctx.request as { body?: unknown }).body;
    const request = fromNodeRequest(ctx.req, requestBody !== undefined ? { value: requestBody } : undefined);
    const info = { path, basePath: core.options.basePath, remoteAddress: ctx.req.socket.remoteAddress, ...(hostIp ? { hostIp: ctx.ip, hostTrustsProxy: ctx.app.proxy } : {}) };
    sendToKoa(ctx, await core.handle(request, info));
  }) as Middleware as unknown as KoaAuth;
  return Object.assign(middleware, {
    core,
    requireAuth: (requireOptions?: RequireAuthOptions) => koaGuard(core, requireOptions) as unknown as KoaMiddleware,
    async close() {
      await core.close();
    },
  });
}

/**
 * requireAuth for Koa routes, given the auth middleware to check against:
 * `router.get("/api/me", koaRequireAuth(auth), handler)` — the same as `auth.requireAuth()`.
 * The auth is passed, not looked up (not even on `ctx.state`, which templates can read): a
 * call without it throws at start-up.
 */
export function requireAuth(auth: { readonly core: AuthCore } | AuthCore, options?: RequireAuthOptions): KoaMiddleware {
  return koaGuard(coreOf(auth, "koaRequireAuth", "koaAuth"), options) as unknown as KoaMiddleware;
}

function koaGuard(core: AuthCore, options: RequireAuthOptions | undefined): Middleware {
  const resolved = resolveRequireAuth(options, "koa");
  const hostIp = core.options.clientIp === "host";
  return async (ctx, next) => {
    // A token seen before passes at once; anything else waits for the full decision.
    const known = passNow(core, ctx.get("cookie") || null, ctx.get("authorization") || null, resolved);
    if (known !== undefined) {
      (ctx.state as { user?: AuthenticatedUser }).user = known;
      return next();
    }
    const request: GuardRequest = {
      cookieHeader: ctx.get("cookie") || null,
      authorization: ctx.get("authorization") || null,
      remoteAddress: ctx.req.socket.remoteAddress,
      forwardedFor: ctx.get("x-forwarded-for") || null,
      ...(hostIp ? { hostIp: ctx.ip } : {}),
      method: ctx.method,
      accept: ctx.get("accept"),
      userAgent: ctx.get("user-agent") || null,
      url: ctx.url,
    };
    const decision = await decide(core, request, resolved);
    if (decision.setCookies.length) ctx.append("set-cookie", decision.setCookies);
    if (decision.kind === "pass") {
      if (decision.user) (ctx.state as { user?: AuthenticatedUser }).user = decision.user;
      return next();
    }
    if (decision.kind === "redirect") {
      ctx.set("cache-control", "no-store");
      ctx.status = 303;
      ctx.redirect(decision.location);
      return;
    }
    sendToKoa(ctx, errorResponse(decision.error));
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
