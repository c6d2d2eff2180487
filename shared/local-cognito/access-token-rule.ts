import { createPublicKey, createVerify } from "node:crypto";
import { createRequire } from "node:module";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";

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

/** The same, for a token sent to this local Cognito: the issuer is the pool of the client the token names. */
export async function verifyAccessTokenFor(ctx: Context, services: Services, token: unknown, nowMs: number): Promise<AccessTokenClaims> {
  const claimedClientId = unverifiedClaim(token, "client_id");
  const client = typeof claimedClientId === "string" ? await services.cognito.getAppClient(ctx, claimedClientId) : undefined;
  return verifyAccessToken(token, `${services.config.TokenConfig.IssuerDomain}/${client?.UserPoolId ?? ""}`, nowMs);
}

/** One claim of a token not yet verified: only to find the key and issuer to verify it with. */
function unverifiedClaim(token: unknown, name: string): unknown {
  if (typeof token !== "string") return undefined;
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"))[name];
  } catch {
    return undefined;
  }
}
