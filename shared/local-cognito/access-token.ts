import { createPublicKey, verify } from "node:crypto";
import { createRequire } from "node:module";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import type { User, UserPoolService } from "cognito-local/lib/services/userPoolService.js";

// cognito-local signs every token with this one key pair; its public half verifies them.
const publicJwk = createRequire(import.meta.url)("cognito-local/lib/keys/cognitoLocal.public.json").jwk;
const publicKey = createPublicKey({ key: publicJwk, format: "jwk" });

/**
 * Rule: a call made with an access token needs one this Cognito signed, unexpired, of
 * token_use "access" (cognito-local only decodes it, so any forged JWT would pass).
 * Cognito answers anything else with NotAuthorizedException "Invalid Access Token".
 */
export async function userForAccessToken(ctx: Context, services: Services, token: unknown): Promise<{ pool: UserPoolService; user: User; clientId: string }> {
  const claims = verifiedClaims(token);
  if (!claims || claims.token_use !== "access" || typeof claims.client_id !== "string" || typeof claims.username !== "string") {
    throw new CognitoError("NotAuthorizedException", "Invalid Access Token");
  }
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now()) throw new CognitoError("NotAuthorizedException", "Access Token has expired");
  const pool = await services.cognito.getUserPoolForClientId(ctx, claims.client_id);
  const user = await pool.getUserByUsername(ctx, claims.username);
  if (!user) throw new CognitoError("NotAuthorizedException", "Invalid Access Token");
  return { pool, user, clientId: claims.client_id };
}

function verifiedClaims(token: unknown): Record<string, unknown> | undefined {
  if (typeof token !== "string") return undefined;
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return undefined;
  try {
    if (JSON.parse(Buffer.from(header, "base64url").toString()).alg !== "RS256") return undefined;
    if (!verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, "base64url"))) return undefined;
    return JSON.parse(Buffer.from(payload, "base64url").toString());
  } catch {
    return undefined;
  }
}
