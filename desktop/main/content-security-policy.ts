/**
 * The page's Content-Security-Policy: nothing but our own scripts, styles and images. The
 * renderer needs no network at all (it talks to main over IPC), hence `connect-src 'none'`.
 * Sent as a header by the app:// protocol handler; the same policy sits in index.html's meta
 * tag (minus the directives a meta tag cannot carry).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers every app:// response carries. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "cross-origin-opener-policy": "same-origin",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};
