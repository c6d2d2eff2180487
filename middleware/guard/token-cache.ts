/**
 * Verified tokens and what was worked out from them, looked up by the token as a request sends
 * it. The map is keyed by a small number read off the token's last characters (part of its
 * signature) and each entry keeps the whole token, compared on every hit: a Cognito access
 * token is ~1,000 characters, and a header's copy of it is a fresh string whose hash V8 has
 * not cached, so hashing it (or a sliced copy of its end) per request is what the key avoids.
 * Only verified tokens are stored, so two entries share a key only when two genuine
 * signatures end alike (about 1 in 2^30); then the later one replaces the earlier.
 */
export class TokenCache<T extends { readonly token: string }> {
  private readonly entries = new Map<number, T>();

  /** At most `limit` entries: past it the cache starts over (every entry is re-derivable). */
  constructor(private readonly limit = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string): T | undefined {
    const entry = this.entries.get(keyOf(token));
    return entry !== undefined && entry.token === token ? entry : undefined;
  }

  /** Filed under its own `token` (kept on the entry itself: one object less to reach per hit). */
  set(entry: T): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(keyOf(entry.token), entry);
  }

  delete(token: string): void {
    const key = keyOf(token);
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}

/**
 * The last 8 characters (44 bits of an RS256 signature: its last character carries 2) mixed
 * into 30 bits, a small integer V8 keeps unboxed; a shorter string (not a JWT) mixes in all.
 */
const KEY_CHARACTERS = 8;

function keyOf(token: string): number {
  let key = token.length;
  for (let i = Math.max(0, token.length - KEY_CHARACTERS); i < token.length; i++) key = (Math.imul(key, 31) + token.charCodeAt(i)) | 0;
  return key & 0x3fffffff;
}
