import { AuthError } from "../../shared/errors/auth-error.js";
import type { AuthCore } from "../core/auth-core.js";
import { AuthOptionsError } from "../core/options.js";
import { wantsRedirect, type ResolvedRequireAuth } from "./require-auth-options.js";
import type { AuthenticatedUser, Authentication } from "./session-guard.js";

/** What a guarded request shows, read by each adapter from its framework's request. */
export interface GuardRequest {
  cookieHeader: string | null;
  authorization: string | null;
  remoteAddress: string | undefined;
  forwardedFor: string | null;
  /** The host framework's client IP (`req.ip`, `ctx.ip`), used with `clientIp: "host"`. */
  hostIp?: string | undefined;
  method: string | undefined;
  accept: string | undefined;
  userAgent: string | null;
  /** The request's path (and query): only its path is read, and only for an event. */
  url?: string | undefined;
}

/** What requireAuth does with a request; adapters only render it. */
export type GuardDecision =
  | { kind: "pass"; user?: AuthenticatedUser; setCookies: string[] }
  | { kind: "redirect"; location: string; setCookies: string[] }
  | { kind: "refuse"; error: AuthError; setCookies: string[] };

/**
 * The user of a request that passes at once: its token was seen before and the user meets the
 * route's groups and scopes. Undefined for everything else (unknown token, no token, refused),
 * which `decide` then answers in full. Adapters try this first, so the common request passes
 * without a promise and without building a GuardRequest.
 */
export function passNow(core: AuthCore, cookieHeader: string | null, authorization: string | null, options: ResolvedRequireAuth): AuthenticatedUser | undefined {
  const user = core.knownUser(cookieHeader, authorization);
  return user !== undefined && allowed(user, options) ? user : undefined;
}

export async function decide(core: AuthCore, request: GuardRequest, options: ResolvedRequireAuth): Promise<GuardDecision> {
  let auth;
  try {
    auth = await core.authenticate(request);
  } catch (error) {
    return { kind: "refuse", error: error instanceof AuthError ? error : new AuthError("INTERNAL", { cause: error }), setCookies: [] };
  }
  return decideFor(core, request, options, auth);
}

function decideFor(core: AuthCore, request: GuardRequest, options: ResolvedRequireAuth, auth: Authentication): GuardDecision {
  const { setCookies } = auth;
  if (auth.status === "signed-in") {
    if (allowed(auth.user, options)) return { kind: "pass", user: auth.user, setCookies };
    const { user } = auth;
    core.events.emit("forbidden", { ip: core.clientIpOf(request), userAgent: request.userAgent, path: pathOf(request.url) }, { username: user.username, sub: user.sub, code: "FORBIDDEN" });
    return { kind: "refuse", error: new AuthError("FORBIDDEN"), setCookies };
  }
  if (options.optional) return { kind: "pass", setCookies };
  if (wantsRedirect(options, request.method, request.accept)) return { kind: "redirect", location: options.redirectTo, setCookies };
  return { kind: "refuse", error: new AuthError("NOT_SIGNED_IN"), setCookies };
}

export function pathOf(url: string | undefined): string {
  return (url ?? "/").split("?")[0]!;
}

/** Groups: any one of them; scopes: every one. Both read from the verified access token. */
function allowed(user: AuthenticatedUser, options: ResolvedRequireAuth): boolean {
  if (options.groups && !user.groups.some((group) => options.groups!.has(group))) return false;
  if (options.scopes) {
    const granted = typeof user.claims.scope === "string" ? user.claims.scope.split(" ") : [];
    if (!options.scopes.every((scope) => granted.includes(scope))) return false;
  }
  return true;
}

/**
 * The core behind the auth object a caller passed to the exported `requireAuth(auth, options)`.
 * There is no default: a call without it fails at start-up, saying what to pass.
 */
export function coreOf(auth: unknown, call: string, factory: string): AuthCore {
  // The object expressAuth/koaAuth/nodeAuth returned, or a core from createAuthCore itself.
  const candidate = auth as { core?: AuthCore; authenticate?: unknown } | undefined;
  const core = candidate?.core ?? (typeof candidate?.authenticate === "function" ? (candidate as AuthCore) : undefined);
  if (core && typeof core.authenticate === "function" && core.events) return core;
  throw new AuthOptionsError(
    `cognito-mfa-kit: ${call}(auth, options?) needs the auth middleware to check against, as its first argument: ` +
      `const auth = ${factory}({...}); then ${call}(auth) or auth.requireAuth().`,
  );
}
