import { createPublicKey, createVerify } from "node:crypto";
import { createRequire } from "node:module";
import { CognitoError } from "cognito-local/lib/errors.js";

// cognito-local decodes the AccessToken of GetUser, ChangePassword... without checking its
// signature, so a hand-made token would pass. Cognito accepts only tokens it signed.
const require = createRequire(import.meta.url);
const { jwk } = require("cognito-local/lib/keys/cognitoLocal.public.json") as { jwk: Record<string, string> };
const signingKey = createPublicKey({ key: jwk, format: "jwk" });

export interface AccessTokenClaims {
  sub: string;
  username: string;
  client_id: string;
  exp: number;
  [claim: string]: unknown;
}

const invalid = () => new CognitoError("NotAuthorizedException", "Invalid Access Token");

/**
 * Rule: an access token is accepted only when this local Cognito signed it (RS256, its key),
 * for this pool (issuer), as an access token, and it has not expired.
 */
export function verifyAccessToken(token: unknown, issuer: string, nowMs: number): AccessTokenClaims {
  if (typeof token !== "string") throw invalid();
  const [header, payload, signature, ...rest] = token.split(".");
  if (!header || !payload || !signature || rest.length) throw invalid();
  let claims: Record<string, unknown>;
  try {
    if (JSON.parse(Buffer.from(header, "base64url").toString("utf8")).alg !== "RS256") throw invalid();
    const verifier = createVerify("RSA-SHA256").update(`${header}.${payload}`);
    if (!verifier.verify(signingKey, Buffer.from(signature, "base64url"))) throw invalid();
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (claims.iss !== issuer || claims.token_use !== "access") throw invalid();
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= nowMs) throw new CognitoError("NotAuthorizedException", "Access Token has expired");
  if (typeof claims.username !== "string" || typeof claims.client_id !== "string" || typeof claims.sub !== "string") throw invalid();
  return claims as AccessTokenClaims;
}
