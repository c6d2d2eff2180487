import { z } from "zod";
import { AuthOptionsError } from "../core/options.js";

/** Options of `requireAuth()` in every adapter. Checked when `requireAuth()` is called. */
export interface RequireAuthOptions {
  /**
   * Where to send a signed-out browser (a login page), instead of answering 401. Applies to GET
   * requests that accept HTML; API calls still get 401 NOT_SIGNED_IN.
   */
  redirectTo?: string;
  /**
   * Cognito groups allowed in: the verified access token's `cognito:groups` must hold at least
   * ONE of them; a signed-in user in none gets 403 FORBIDDEN.
   */
  groups?: string[];
  /**
   * OAuth scopes required: the verified access token's `scope` must hold EVERY one of them
   * (e.g. "api/read"); otherwise 403 FORBIDDEN.
   */
  scopes?: string[];
  /**
   * Signed-out requests go on without a user (no 401, no redirect); a signed-in user is still
   * put on `req.user` / `ctx.state.user`, and still needs `groups` / `scopes`. Default false.
   */
  optional?: boolean;
}

/** Express's requireAuth options. */
export interface ExpressRequireAuthOptions extends RequireAuthOptions {
  /**
   * `"respond"` (default): the kit answers 401/403/429/503 itself, with the JSON error body of
   * docs/http-api.md. `"next"`: the `AuthError` (with `.status` and `.code`) goes to `next(err)` for the
   * app's error handler; cookies the kit had to clear are still set. `redirectTo` still wins.
   */
  onError?: "respond" | "next";
}

/** The options, checked and ready for every request. */
export interface ResolvedRequireAuth {
  redirectTo?: string;
  groups?: ReadonlySet<string>;
  scopes?: readonly string[];
  optional: boolean;
  onError: "respond" | "next";
}

const names = z.array(z.string().trim().min(1).max(128)).min(1, "must name at least one (leave it out to allow everyone)");
const schema = z
  .object({
    redirectTo: z.string().min(1).optional(),
    groups: names.optional(),
    scopes: names.optional(),
    optional: z.boolean().default(false),
    onError: z.enum(["respond", "next"]).default("respond"),
  })
  .strict();

/** Validates requireAuth's options at start-up; `adapter` names the caller in the message. */
export function resolveRequireAuth(options: unknown, adapter: "express" | "koa" | "node"): ResolvedRequireAuth {
  const parsed = schema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `requireAuth options.${issue.path.join(".")}` : "requireAuth options";
    throw new AuthOptionsError(`cognito-mfa-kit: ${where} ${issue.message}`);
  }
  const { groups, scopes, redirectTo, optional, onError } = parsed.data;
  if (onError !== "respond" && adapter !== "express") throw new AuthOptionsError(`cognito-mfa-kit: requireAuth options.onError is for Express only (the ${adapter} adapter answers errors itself)`);
  return { optional, onError, ...(redirectTo ? { redirectTo } : {}), ...(groups ? { groups: new Set(groups) } : {}), ...(scopes ? { scopes } : {}) };
}

/** Whether a request is a page load a browser would follow a redirect for. */
export function wantsRedirect(options: { redirectTo?: string | undefined }, method: string | undefined, accept: string | undefined): options is { redirectTo: string } {
  return Boolean(options.redirectTo) && (method === "GET" || method === "HEAD") && /text\/html/.test(accept ?? "");
}
