import { AuthError } from "../../shared/errors/auth-error.js";

/** Every /auth response carries this: nothing here may be cached by a browser or a proxy. */
const BASE_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

export function jsonResponse(status: number, body: unknown, setCookies: readonly string[] = [], extra: Record<string, string> = {}): Response {
  const headers = new Headers({ ...BASE_HEADERS, "content-type": "application/json; charset=utf-8", ...extra });
  for (const cookie of setCookies) headers.append("set-cookie", cookie);
  return new Response(JSON.stringify(body), { status, headers });
}

export function noContentResponse(setCookies: readonly string[] = []): Response {
  const headers = new Headers(BASE_HEADERS);
  for (const cookie of setCookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 204, headers });
}

/** The contract's error body, with Retry-After on 429 and 503. */
export function errorResponse(error: AuthError, setCookies: readonly string[] = [], extra: Record<string, string> = {}): Response {
  const retry = error.details.retryAfter;
  return jsonResponse(error.status, error.toJSON(), setCookies, retry === undefined ? extra : { ...extra, "retry-after": String(retry) });
}
