// The last username typed, to prefill a form after an expired sign-in or a reset. Not a secret;
// the password is never kept by the page (resend is POST /auth/resend-code on the server).
let lastUsername = "";

export function rememberedUsername(): string {
  return lastUsername;
}

export function rememberUsername(username: string): void {
  lastUsername = username;
}
