import type { AuthCore } from "../core/auth-core.js";

const created: AuthCore[] = [];

/** Remembers each auth middleware created, so a bare `requireAuth()` can find the app's one. */
export function registerAuthCore(core: AuthCore): void {
  created.push(core);
}

export function forgetAuthCore(core: AuthCore): void {
  const index = created.indexOf(core);
  if (index >= 0) created.splice(index, 1);
}

/**
 * The auth middleware a bare `requireAuth()` means: the only one in the process. With several,
 * the caller must say which (`auth.requireAuth()`), rather than have us guess.
 */
export function defaultAuthCore(): AuthCore {
  if (created.length === 1) return created[0]!;
  throw new Error(
    created.length === 0
      ? "cognito-mfa-kit: requireAuth() needs an auth middleware: create one with expressAuth()/koaAuth()/nodeAuth() first."
      : `cognito-mfa-kit: requireAuth() found ${created.length} auth middlewares; call requireAuth() on the one you mean (auth.requireAuth()).`,
  );
}
