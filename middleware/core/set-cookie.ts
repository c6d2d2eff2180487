import { serialize, type SerializeOptions } from "cookie";

/**
 * Values that need no escaping: base64url, JWTs, our sealed boxes and challenge tokens (all in
 * RFC 6265's cookie-octet set). Profiling showed the `cookie` library's escaping and its value
 * check (a back-referencing regular expression) over ~1 KB tokens as the largest single cost of
 * a sign-in response, four times Express's older `res.cookie`.
 */
const PLAIN_VALUE = /^[\w.~-]*$/;

/**
 * One Set-Cookie header. A plain value is spliced into the header the library builds for an
 * empty value (so the name and every attribute are still checked by it); anything else goes
 * through the library whole (escaped).
 */
export function setCookieHeader(name: string, value: string, attributes: SerializeOptions): string {
  if (!PLAIN_VALUE.test(value)) return serialize(name, value, attributes);
  const empty = serialize(name, "", attributes);
  return `${name}=${value}${empty.slice(name.length + 1)}`;
}
