/**
 * The token of `Authorization: Bearer <token>` (scheme case-insensitive, as RFC 6750), or
 * undefined. Sliced, not matched with a regular expression: the header is ~1,000 characters
 * and this runs on every guarded request.
 */
export function bearerOf(authorization: string | null): string | undefined {
  if (!authorization || authorization.length < 8 || !startsWithBearer(authorization)) return undefined;
  let start = 6;
  while (start < authorization.length && isSpace(authorization.charCodeAt(start))) start += 1;
  if (start === 6 || start === authorization.length) return undefined;
  // Not scanned for inner whitespace either: such a token never verifies, so it is refused there.
  return authorization.slice(start);
}

/** "bearer" in any case, read character by character: no lower-cased copy per request. */
function startsWithBearer(value: string): boolean {
  for (let i = 0; i < 6; i++) if ((value.charCodeAt(i) | 0x20) !== BEARER.charCodeAt(i)) return false;
  return true;
}
const BEARER = "bearer";

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}
