import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../shared/cognito/secret-hash.js";
import type { LocalCognito } from "../shared/local-cognito/local-cognito.js";

/** A real access token from the local Cognito: plain@example.com has no MFA, so one call signs it in. */
export async function accessTokenFor(local: LocalCognito, username = "plain@example.com", password = "Plain-Passw0rd!"): Promise<string> {
  const { clientId, clientSecret } = local.serverClient;
  const client = new CognitoIdentityProviderClient({ region: local.region, endpoint: local.endpoint, credentials: { accessKeyId: "unused", secretAccessKey: "unused" } });
  try {
    const result = await client.send(
      new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: secretHash(username, clientId, clientSecret) } }),
    );
    if (!result.AuthenticationResult?.AccessToken) throw new Error(`${username} did not sign in at once`);
    return result.AuthenticationResult.AccessToken;
  } finally {
    client.destroy();
  }
}
