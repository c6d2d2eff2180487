import { randomUUID } from "node:crypto";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { generateSecret, verify as verifyTotp } from "cognito-local/lib/services/totp.js";

/**
 * Cognito's MFA_SETUP: in a pool where MFA is required, a user without any MFA must set up an
 * authenticator app during sign-in (AssociateSoftwareToken and VerifySoftwareToken with the
 * challenge Session, then RespondToAuthChallenge MFA_SETUP) or e-mail MFA (RespondToAuthChallenge
 * MFA_SETUP with EMAIL = the address, then the EMAIL_OTP code sent there). cognito-local supports
 * none of the Session variants, so this rule plays them for the users the local pool marks as
 * "MFA required".
 */
export interface SetupSession {
  username: string;
  clientId: string;
  secret?: string;
  verified?: boolean;
}

/** What a user can set up at sign-in: an authenticator app, or e-mail codes (the pool sends e-mail). */
const MFAS_CAN_SETUP = ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"];

export function createMfaSetupRule(services: Services, requiresSetup: (username: string) => boolean) {
  const notAuthorized = (message: string) => new CognitoError("NotAuthorizedException", message);

  async function userFor(ctx: Context, clientId: string, username: string) {
    const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
    const user = await pool.getUserByUsername(ctx, username);
    if (!user) throw notAuthorized("Invalid session for the user.");
    return { pool, user };
  }

  return {
    /** After a correct password: does this user have to set up MFA first? */
    async challengeAfterPassword(ctx: Context, clientId: string, username: string): Promise<{ session: SetupSession; response: Record<string, unknown> } | undefined> {
      if (!requiresSetup(username)) return undefined;
      const { pool, user } = await userFor(ctx, clientId, username);
      if ((user.UserMFASettingList ?? []).length > 0 || (user.MFAOptions ?? []).length > 0) return undefined;
      // The password step issued tokens it should not have: take its refresh token back.
      await pool.saveUser(ctx, { ...user, RefreshTokens: [] });
      return {
        session: { username: user.Username, clientId },
        response: { ChallengeName: "MFA_SETUP", Session: randomUUID(), ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(MFAS_CAN_SETUP), USER_ID_FOR_SRP: user.Username } },
      };
    },

    /** AssociateSoftwareToken with a Session: a new TOTP secret bound to the sign-in. */
    associate(session: SetupSession): { session: SetupSession; response: Record<string, unknown> } {
      const secret = generateSecret();
      return { session: { ...session, secret }, response: { SecretCode: secret, Session: randomUUID() } };
    },

    /** VerifySoftwareToken with a Session: the app's first code proves the set-up. */
    async verify(ctx: Context, session: SetupSession, code: unknown): Promise<{ session: SetupSession; response: Record<string, unknown> }> {
      if (!session.secret) throw notAuthorized("Invalid session for the user.");
      if (typeof code !== "string" || !verifyTotp(session.secret, code)) throw new CognitoError("EnableSoftwareTokenMFAException", "Code mismatch");
      const { pool, user } = await userFor(ctx, session.clientId, session.username);
      await pool.saveUser(ctx, {
        ...user,
        SoftwareTokenMfaConfiguration: { Secret: session.secret, Verified: true },
        UserMFASettingList: ["SOFTWARE_TOKEN_MFA"],
        PreferredMfaSetting: "SOFTWARE_TOKEN_MFA",
      });
      return { session: { ...session, verified: true }, response: { Status: "SUCCESS", Session: randomUUID() } };
    },

    /** RespondToAuthChallenge MFA_SETUP with EMAIL: the address that will get the EMAIL_OTP code. */
    emailAddress(address: unknown): string {
      if (typeof address !== "string" || !/^[^@\s]+@[^@\s]+$/.test(address)) throw new CognitoError("InvalidParameterException", "Invalid email address format.");
      return address;
    },

    /** RespondToAuthChallenge MFA_SETUP: signed in once the app was verified. */
    async complete(ctx: Context, session: SetupSession): Promise<Record<string, unknown>> {
      if (!session.verified) throw notAuthorized("Invalid session for the user.");
      const { pool, user } = await userFor(ctx, session.clientId, session.username);
      const client = await services.cognito.getAppClient(ctx, session.clientId);
      if (!client) throw notAuthorized("Invalid session for the user.");
      const tokens = await services.tokenGenerator.generate(ctx, user, await pool.listUserGroupMembership(ctx, user), client, undefined, "Authentication");
      await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
      return { ChallengeParameters: {}, AuthenticationResult: tokens };
    },
  };
}
