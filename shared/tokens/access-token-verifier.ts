import { CognitoJwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache, type JwksCache } from "aws-jwt-verify/jwk";
import { SimpleFetcher } from "aws-jwt-verify/https";
import type { CognitoAccessTokenPayload } from "aws-jwt-verify/jwt-model";

export interface AccessTokenVerifierOptions {
  /** The pool id, AWS style ("us-east-1_Abc123"). */
  userPoolId: string;
  /** The app client(s) whose access tokens are accepted. */
  clientId: string | string[];
  /**
   * A Cognito endpoint override (the local Cognito). Tokens still name the AWS issuer; only the
   * JWKS is fetched from here instead of cognito-idp.<region>.amazonaws.com.
   */
  endpoint?: string;
  /** A JWKS cache to share with other verifiers of the same pool (the ID-token verifier). */
  jwksCache?: JwksCache;
}

export type AccessTokenVerifier = {
  verify(token: string): Promise<CognitoAccessTokenPayload>;
};

/**
 * aws-jwt-verify's Cognito verifier for access tokens: signature, issuer, expiry, token_use and
 * client_id are checked; the JWKS is fetched once and cached.
 */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: options.userPoolId, tokenUse: "access", clientId: options.clientId },
    { jwksCache: options.jwksCache ?? createJwksCache(options.endpoint) },
  );
  return { verify: (token) => verifier.verify(token) as Promise<CognitoAccessTokenPayload> };
}

/**
 * One JWKS cache for a pool: fetched once, and refetched for an unknown `kid` at most once per
 * penalty period (aws-jwt-verify's penalty box), so made-up tokens cannot make it fetch in a loop.
 */
export function createJwksCache(endpoint?: string): JwksCache {
  return endpoint ? new SimpleJwksCache({ fetcher: endpointJwksFetcher(endpoint) }) : new SimpleJwksCache();
}

/** Reads `https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json` from `endpoint` instead. */
export function endpointJwksFetcher(endpoint: string) {
  const fetcher = new SimpleFetcher();
  const base = endpoint.replace(/\/+$/, "");
  return {
    fetch(uri: string, requestOptions?: Record<string, unknown>, data?: ArrayBuffer) {
      const { pathname } = new URL(uri);
      const target = `${base}${pathname}`;
      // SimpleFetcher insists on https; the local Cognito speaks http on loopback.
      if (target.startsWith("http://")) return fetch(target).then((response) => {
        if (!response.ok) throw new Error(`JWKS fetch failed: ${response.status}`);
        return response.arrayBuffer();
      });
      return fetcher.fetch(target, requestOptions, data);
    },
  };
}
