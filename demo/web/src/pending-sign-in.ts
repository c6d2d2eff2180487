// The credentials of the sign-in in progress, kept in page memory only (never storage) and only
// while its challenge lives: Cognito has no "resend code" call, so resending means signing in again.
let pending: { username: string; password: string; timer: ReturnType<typeof setTimeout> } | undefined;
let lastUsername = "";

export function keepCredentials(username: string, password: string, expiresAt: string): void {
  forgetCredentials();
  lastUsername = username;
  const timer = setTimeout(forgetCredentials, Math.max(0, Date.parse(expiresAt) - Date.now()));
  pending = { username, password, timer };
}

export function keptCredentials(): { username: string; password: string } | undefined {
  return pending && { username: pending.username, password: pending.password };
}

export function forgetCredentials(): void {
  if (pending) clearTimeout(pending.timer);
  pending = undefined;
}

/** The last username typed, to prefill the form after an expired sign-in (not a secret). */
export function rememberedUsername(): string {
  return lastUsername;
}

export function rememberUsername(username: string): void {
  lastUsername = username;
}
