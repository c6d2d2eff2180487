import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { CognitoIdTokenPayload } from "aws-jwt-verify/jwt-model";
import { createJwksCache, type AccessTokenVerifierOptions } from "./access-token-verifier.js";

export type IdTokenVerifier = {
  verify(token: string): Promise<CognitoIdTokenPayload>;
};

/**
 * aws-jwt-verify's Cognito verifier for ID tokens: signature, issuer, expiry, token_use "id" and
 * audience (the app client) are checked. Pass the access-token verifier's `jwksCache` so both
 * read one cached JWKS.
 */
export function createIdTokenVerifier(options: AccessTokenVerifierOptions): IdTokenVerifier {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: options.userPoolId, tokenUse: "id", clientId: options.clientId },
    { jwksCache: options.jwksCache ?? createJwksCache(options.endpoint) },
  );
  return { verify: (token) => verifier.verify(token) as Promise<CognitoIdTokenPayload> };
}
