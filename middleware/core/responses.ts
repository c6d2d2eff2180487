import { AuthError } from "../../shared/errors/auth-error.js";
import type { AuthResponse } from "./auth-http.js";

/** Every /auth response carries this: nothing here may be cached by a browser or a proxy. */
const BASE_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

export function jsonResponse(status: number, body: unknown, setCookies: readonly string[] = [], extra: Record<string, string> = {}): AuthResponse {
  return { status, headers: { ...BASE_HEADERS, "content-type": "application/json; charset=utf-8", ...extra }, setCookies: [...setCookies], body: JSON.stringify(body) };
}

export function noContentResponse(setCookies: readonly string[] = []): AuthResponse {
  return { status: 204, headers: { ...BASE_HEADERS }, setCookies: [...setCookies], body: null };
}

/** The error body (docs/http-api.md#errors), with Retry-After on 429 and 503. */
export function errorResponse(error: AuthError, setCookies: readonly string[] = [], extra: Record<string, string> = {}): AuthResponse {
  const retry = error.details.retryAfter;
  const response = jsonResponse(error.status, error.toJSON(), setCookies, retry === undefined ? extra : { ...extra, "retry-after": String(retry) });
  response.errorCode = error.code;
  return response;
}
