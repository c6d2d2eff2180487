import { randomBytes } from "node:crypto";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { checkPasswordClaim, isValidSrpA, passwordVerifier, randomSalt, startServerSrp, type ServerSrp } from "../srp/index.js";

// USER_SRP_AUTH → PASSWORD_VERIFIER, which cognito-local lacks. Cognito keeps only a verifier;
// cognito-local keeps the password, so the verifier is derived from it here, per attempt.

interface PendingSrp {
  username: string;
  srpA: string;
  salt: bigint;
  verifier: bigint;
  server: ServerSrp;
  poolName: string;
  deviceKey?: string;
  expiresAt: number;
}

/** Who proved their password, and the DEVICE_KEY they presented (if any). */
export interface ProvenPassword {
  username: string;
  password: string;
  deviceKey?: string;
}

const incorrect = () => new CognitoError("NotAuthorizedException", "Incorrect username or password.");

export function createSrpRule(services: Services, options: { ttlMs: number; now: () => number }) {
  // Keyed by SECRET_BLOCK: Cognito answers USER_SRP_AUTH without a Session, the secret block
  // carries the state. Spent by the first answer, right or wrong.
  const pending = new Map<string, PendingSrp>();

  return {
    /** InitiateAuth USER_SRP_AUTH: the PASSWORD_VERIFIER challenge (an unknown user gets one too, as in Cognito). */
    async passwordVerifierChallenge(ctx: Context, clientId: string, params: Record<string, unknown>) {
      const username = params.USERNAME;
      if (typeof username !== "string" || !username) throw new CognitoError("InvalidParameterException", "Missing required parameter USERNAME");
      if (!isValidSrpA(params.SRP_A)) throw new CognitoError("InvalidParameterException", "Missing required parameter SRP_A");
      const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
      const user = await pool.getUserByUsername(ctx, username);
      const userId = user?.Username ?? username;
      const poolName = pool.options.Id.split("_")[1] ?? pool.options.Id;
      const salt = randomSalt();
      // An unknown user gets a verifier of a random password: the signature check fails later,
      // with the same answer as a wrong password.
      const verifier = passwordVerifier(poolName, userId, user?.Password ?? randomBytes(32).toString("base64"), salt);
      const server = startServerSrp(verifier);
      const secretBlock = randomBytes(96).toString("base64");
      pending.set(secretBlock, {
        username: userId,
        srpA: params.SRP_A,
        salt,
        verifier,
        server,
        poolName,
        ...(typeof params.DEVICE_KEY === "string" ? { deviceKey: params.DEVICE_KEY } : {}),
        expiresAt: options.now() + options.ttlMs,
      });
      return {
        ChallengeName: "PASSWORD_VERIFIER",
        ChallengeParameters: { SALT: salt.toString(16), SECRET_BLOCK: secretBlock, SRP_B: server.srpB, USERNAME: userId, USER_ID_FOR_SRP: userId },
      };
    },

    /** RespondToAuthChallenge PASSWORD_VERIFIER: checks PASSWORD_CLAIM_SIGNATURE; wrong → "Incorrect username or password." */
    async verify(ctx: Context, clientId: string, responses: Record<string, unknown>): Promise<ProvenPassword> {
      const secretBlock = responses.PASSWORD_CLAIM_SECRET_BLOCK;
      const attempt = typeof secretBlock === "string" ? pending.get(secretBlock) : undefined;
      if (!attempt || typeof secretBlock !== "string") throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
      pending.delete(secretBlock);
      if (options.now() >= attempt.expiresAt) throw new CognitoError("NotAuthorizedException", "Invalid session for the user, session is expired.");
      if (responses.USERNAME !== attempt.username || typeof responses.TIMESTAMP !== "string") throw incorrect();
      const proven = checkPasswordClaim({
        verifier: attempt.verifier,
        server: attempt.server,
        srpA: attempt.srpA,
        poolName: attempt.poolName,
        userId: attempt.username,
        secretBlock,
        timestamp: responses.TIMESTAMP,
        signature: responses.PASSWORD_CLAIM_SIGNATURE,
      });
      const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
      const user = await pool.getUserByUsername(ctx, attempt.username);
      if (!proven || !user?.Password) throw incorrect();
      const deviceKey = typeof responses.DEVICE_KEY === "string" ? responses.DEVICE_KEY : attempt.deviceKey;
      return { username: user.Username, password: user.Password, ...(deviceKey ? { deviceKey } : {}) };
    },
  };
}

/**
 * Rule: a wrong password is refused before any challenge, whatever the user's status.
 * cognito-local answers NEW_PASSWORD_REQUIRED to FORCE_CHANGE_PASSWORD users before it looks at
 * the password, so anyone could set the password of such a user.
 */
export async function refuseWrongPassword(services: Services, ctx: Context, clientId: string, username: unknown, password: unknown): Promise<void> {
  if (typeof username !== "string") return; // cognito-local answers the missing parameter itself
  const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
  const user = await pool.getUserByUsername(ctx, username);
  if (user && user.Password !== password) throw incorrect();
}
