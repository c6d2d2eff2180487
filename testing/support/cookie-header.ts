/**
 * The Cookie header a browser would send back after these Set-Cookie headers: each cookie's
 * name=value, leaving out the ones being cleared (empty value). Enough for one response's worth
 * of cookies; a full jar lives in the contract and security suites.
 */
export function cookieHeaderFrom(setCookies: readonly string[]): string {
  return setCookies
    .map((line) => line.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}
