/**
 * Verified tokens and what was worked out from them, looked up by the token as a request sends
 * it. The map is keyed by the token's last characters (part of its signature) and each entry
 * keeps the whole token, compared on every hit: hashing a short key is what makes a hit cheap
 * (a Cognito access token is ~1,000 characters, and a header's copy of it is a fresh string
 * whose hash V8 has not cached). Only verified tokens are stored, so two entries can share a
 * key only if two genuine signatures end alike; then the later one replaces the earlier.
 */
export class TokenCache<T> {
  private readonly entries = new Map<string, { token: string; value: T }>();

  /** At most `limit` entries: past it the cache starts over (every entry is re-derivable). */
  constructor(private readonly limit = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string): T | undefined {
    const entry = this.entries.get(keyOf(token));
    return entry !== undefined && entry.token === token ? entry.value : undefined;
  }

  set(token: string, value: T): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(keyOf(token), { token, value });
  }

  delete(token: string): void {
    const key = keyOf(token);
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}

/** 32 base64url characters: 192 bits of an RS256 signature. */
const KEY_LENGTH = 32;

function keyOf(token: string): string {
  return token.length > KEY_LENGTH ? token.slice(-KEY_LENGTH) : token;
}
