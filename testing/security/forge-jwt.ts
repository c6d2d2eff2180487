import { randomBytes } from "node:crypto";

/** What an attacker can do to a JWT without the pool's key. */

function split(jwt: string): [Record<string, unknown>, Record<string, unknown>, string] {
  const [header = "", payload = "", signature = ""] = jwt.split(".");
  const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
  return [decode(header), decode(payload), signature];
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The same token with some claims changed, the original header and signature kept. */
export function reEncoded(jwt: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = split(jwt);
  return `${encode(header)}.${encode({ ...payload, ...changes })}.${signature}`;
}

/** The same claims (with changes) under `alg: none` and no signature. */
export function unsigned(jwt: string, changes: Record<string, unknown> = {}): string {
  const [, payload] = split(jwt);
  return `${encode({ alg: "none", typ: "JWT" })}.${encode({ ...payload, ...changes })}.`;
}

/** The claims of a JWT, decoded (for assertions only). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return split(jwt)[1];
}

/**
 * A made-up access token about `bytes` long: JWT-shaped, with a fresh random `jti` of most of
 * that size, a plausible `exp` and `username`, and a signature of noise.
 */
export function madeUpAccessToken(bytes = 10_000, claims: Record<string, unknown> = {}): string {
  const jti = randomBytes(Math.max(16, Math.floor((bytes * 3) / 8))).toString("hex");
  const header = encode({ alg: "RS256", kid: randomBytes(8).toString("hex") });
  const payload = encode({
    sub: "11111111-2222-3333-4444-555555555555",
    username: "plain@example.com",
    token_use: "access",
    exp: Math.floor(Date.now() / 1000) + 3600,
    iat: Math.floor(Date.now() / 1000),
    jti,
    ...claims,
  });
  return `${header}.${payload}.${randomBytes(256).toString("base64url")}`;
}

/** A made-up refresh token: Cognito's are opaque, so any noise will do. */
export function madeUpRefreshToken(bytes = 1800): string {
  return randomBytes(Math.ceil((bytes * 3) / 4)).toString("base64url").slice(0, bytes);
}
