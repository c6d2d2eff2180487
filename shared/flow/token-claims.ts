import { AuthError } from "../errors/auth-error.js";
import type { SignedInUser } from "./steps.js";

/**
 * Reads a JWT's payload without verifying it. Only for tokens that just came from Cognito over
 * TLS in answer to our own call; tokens that arrive from a client are verified with
 * aws-jwt-verify instead.
 */
export function decodeClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1];
  if (!payload) throw new AuthError("INTERNAL", { cause: new Error("Cognito returned a token that is not a JWT") });
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof claims !== "object" || claims === null) throw new Error("JWT payload is not an object");
    return claims as Record<string, unknown>;
  } catch (cause) {
    throw new AuthError("INTERNAL", { cause });
  }
}

/** The user as the product shows it, from an ID token's claims. */
export function userFromIdToken(idToken: string): SignedInUser {
  const claims = decodeClaims(idToken);
  const sub = claims.sub;
  const username = claims["cognito:username"] ?? claims.username;
  if (typeof sub !== "string" || typeof username !== "string") {
    throw new AuthError("INTERNAL", { cause: new Error("ID token lacks sub or cognito:username") });
  }
  return { sub, username, ...(typeof claims.email === "string" ? { email: claims.email } : {}) };
}

/** Cognito's own name for the user (the SECRET_HASH input for refresh), from an access token. */
export function cognitoUsernameFromAccessToken(accessToken: string): string {
  const username = decodeClaims(accessToken).username;
  if (typeof username !== "string") throw new AuthError("INTERNAL", { cause: new Error("access token lacks username") });
  return username;
}

/** When a token expires, in milliseconds since the epoch. */
export function expiryOf(jwt: string): number {
  const exp = decodeClaims(jwt).exp;
  if (typeof exp !== "number") throw new AuthError("INTERNAL", { cause: new Error("token lacks exp") });
  return exp * 1000;
}
