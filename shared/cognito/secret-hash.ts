import { createHmac } from "node:crypto";

/**
 * Cognito's SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + clientId)).
 * For challenge answers the username must be the one Cognito returned in USER_ID_FOR_SRP, which
 * differs from what the person typed when e-mail or phone is a sign-in alias.
 */
export function secretHash(username: string, clientId: string, clientSecret: string): string {
  return createHmac("sha256", clientSecret).update(username + clientId).digest("base64");
}
