/**
 * An unsigned JWT with the given claims, for responses scripted with aws-sdk-client-mock (the
 * flow only decodes tokens Cognito hands it; verification is tested with real tokens).
 */
export function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "none", typ: "JWT" })}.${encode({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.signature`;
}

/** A Cognito AuthenticationResult for a user, as the SDK returns it. */
export function fakeAuthenticationResult(username = "user@example.com", sub = "11111111-2222-3333-4444-555555555555") {
  return {
    AccessToken: fakeJwt({ sub, username, token_use: "access", client_id: "client" }),
    IdToken: fakeJwt({ sub, "cognito:username": username, email: username, token_use: "id" }),
    RefreshToken: "refresh-token",
    ExpiresIn: 3600,
    TokenType: "Bearer",
  };
}
