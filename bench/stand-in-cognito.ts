import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fakeJwt } from "../testing/support/fake-jwt.js";

export interface StandInCognito {
  endpoint: string;
  userPoolId: string;
  region: string;
  clientId: string;
  clientSecret: string;
  /** Calls answered, by operation (the bench checks both paths made the same calls). */
  calls: Record<string, number>;
  stop(): Promise<void>;
}

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";

/**
 * A loopback Cognito that answers InitiateAuth with an SMS_MFA challenge and
 * RespondToAuthChallenge with tokens, each after a fixed delay. With the upstream's time known
 * and constant, what the middleware adds on top is what the flow benchmark sees. Tokens are
 * unsigned (the flow only decodes Cognito's answers) and any code is accepted.
 */
export async function startStandInCognito(latencyMs: number): Promise<StandInCognito> {
  const region = "us-east-1";
  const userPoolId = `${region}_BenchPool1`;
  const calls: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const operation = String(req.headers["x-amz-target"] ?? "").replace(TARGET_PREFIX, "");
      calls[operation] = (calls[operation] ?? 0) + 1;
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, any>;
      const body = answer(operation, input);
      setTimeout(() => {
        res.writeHead(body ? 200 : 400, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() });
        res.end(JSON.stringify(body ?? { __type: "InvalidParameterException", message: `not in the stand-in: ${operation}` }));
      }, latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    userPoolId,
    region,
    clientId: "benchclient0000000000000000",
    clientSecret: "benchsecret0000000000000000000000000000000000000000",
    calls,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function answer(operation: string, input: Record<string, any>): unknown {
    if (operation === "InitiateAuth") {
      const username = String(input.AuthParameters?.USERNAME ?? "");
      return {
        ChallengeName: "SMS_MFA",
        // Real Cognito sessions are ~900 characters of opaque text.
        Session: randomBytes(660).toString("base64"),
        ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******0100", USER_ID_FOR_SRP: username },
      };
    }
    if (operation === "RespondToAuthChallenge") {
      const username = String(input.ChallengeResponses?.USERNAME ?? "");
      const sub = randomUUID();
      const iss = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
      return {
        AuthenticationResult: {
          AccessToken: fakeJwt({ sub, username, iss, token_use: "access", client_id: input.ClientId, jti: randomUUID(), origin_jti: randomUUID(), scope: "aws.cognito.signin.user.admin" }),
          IdToken: fakeJwt({ sub, "cognito:username": username, email: username, iss, token_use: "id", aud: input.ClientId }),
          RefreshToken: randomBytes(1300).toString("base64url"),
          ExpiresIn: 3600,
          TokenType: "Bearer",
        },
        ChallengeParameters: {},
      };
    }
    return undefined;
  }
}
