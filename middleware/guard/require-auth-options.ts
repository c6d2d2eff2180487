/** Options of `requireAuth()` in every adapter. */
export interface RequireAuthOptions {
  /**
   * Where to send a signed-out browser (a login page), instead of answering 401. Applies to GET
   * requests that accept HTML; API calls still get 401 NOT_SIGNED_IN.
   */
  redirectTo?: string;
}

/** Whether a request is a page load a browser would follow a redirect for. */
export function wantsRedirect(options: RequireAuthOptions, method: string | undefined, accept: string | undefined): options is { redirectTo: string } {
  return Boolean(options.redirectTo) && (method === "GET" || method === "HEAD") && /text\/html/.test(accept ?? "");
}
