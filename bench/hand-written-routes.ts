import { randomBytes } from "node:crypto";
import { CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } from "@aws-sdk/client-cognito-identity-provider";
import express, { type Express } from "express";
import { secretHash } from "../shared/cognito/secret-hash.js";

/**
 * The alternative a developer writes by hand: two Express routes that make the two Cognito
 * calls, keep the Session server-side under a cookie, and set the tokens as cookies. No limits,
 * no validation, no origin checks, no expiry: the floor for "a server flow over HTTP".
 */
export function handWrittenRoutes(target: { region: string; endpoint: string; clientId: string; clientSecret: string }): { app: Express; client: CognitoIdentityProviderClient } {
  const client = new CognitoIdentityProviderClient({ region: target.region, endpoint: target.endpoint, credentials: { accessKeyId: "unused", secretAccessKey: "unused" } });
  const sessions = new Map<string, { session: string; username: string }>();
  const hash = (username: string) => secretHash(username, target.clientId, target.clientSecret);
  const app = express();
  app.use(express.json());
  app.post("/auth/sign-in", async (req, res) => {
    const { username, password } = req.body as { username: string; password: string };
    const output = await client.send(
      new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: target.clientId, AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: hash(username) } }),
    );
    const id = randomBytes(32).toString("base64url");
    sessions.set(id, { session: output.Session!, username: output.ChallengeParameters?.USER_ID_FOR_SRP ?? username });
    res.cookie("challenge", id, { httpOnly: true, secure: true, sameSite: "lax", path: "/auth" });
    res.json({ isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_SMS_CODE" } });
  });
  app.post("/auth/confirm-sign-in", async (req, res) => {
    const id = /challenge=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "";
    const open = sessions.get(id)!;
    sessions.delete(id);
    const output = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: target.clientId,
        ChallengeName: "SMS_MFA",
        Session: open.session,
        ChallengeResponses: { USERNAME: open.username, SMS_MFA_CODE: (req.body as { challengeResponse: string }).challengeResponse, SECRET_HASH: hash(open.username) },
      }),
    );
    const tokens = output.AuthenticationResult!;
    for (const [name, value] of [["access", tokens.AccessToken], ["id", tokens.IdToken], ["refresh", tokens.RefreshToken]] as const) {
      res.cookie(name, value ?? "", { httpOnly: true, secure: true, sameSite: "lax", path: "/" });
    }
    res.json({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
  });
  return { app, client };
}
