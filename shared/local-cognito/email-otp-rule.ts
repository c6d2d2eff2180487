import { randomUUID } from "node:crypto";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { attributeValue } from "cognito-local/lib/services/userPoolService.js";

/**
 * Cognito's EMAIL_OTP: a user with e-mail MFA gets a code by e-mail after the password, and
 * answers RespondToAuthChallenge with EMAIL_OTP_CODE. cognito-local has no e-mail MFA, so this
 * rule plays it for the users the local pool marks with it; the code goes out through the
 * same message sender as SMS codes (and is printed as an EMAIL line).
 */
export interface EmailOtpSession {
  username: string;
  clientId: string;
  code: string;
}

export function createEmailOtpRule(services: Services, hasEmailMfa: (username: string) => boolean) {
  return {
    /** After a correct password: send the code and open the challenge, for users with e-mail MFA. */
    async challengeAfterPassword(ctx: Context, clientId: string, username: string): Promise<{ session: EmailOtpSession; response: Record<string, unknown> } | undefined> {
      if (!hasEmailMfa(username)) return undefined;
      const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
      const user = await pool.getUserByUsername(ctx, username);
      const email = user && attributeValue("email", user.Attributes);
      if (!user || !email) return undefined;
      // The password step issued tokens it should not have: take its refresh token back.
      await pool.saveUser(ctx, { ...user, RefreshTokens: [] });
      const code = services.otp();
      await services.messages.deliver(ctx, "Authentication", clientId, pool.options.Id, user, code, undefined, {
        DeliveryMedium: "EMAIL",
        AttributeName: "email",
        Destination: email,
      });
      return {
        session: { username: user.Username, clientId, code },
        response: {
          ChallengeName: "EMAIL_OTP",
          Session: randomUUID(),
          ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: email, USER_ID_FOR_SRP: user.Username },
        },
      };
    },

    /** RespondToAuthChallenge EMAIL_OTP: the right code signs in; a wrong one keeps the session. */
    async answer(ctx: Context, session: EmailOtpSession, code: unknown): Promise<Record<string, unknown>> {
      if (code !== session.code) throw new CognitoError("CodeMismatchException", "Invalid code or auth state for the user.");
      const pool = await services.cognito.getUserPoolForClientId(ctx, session.clientId);
      const user = await pool.getUserByUsername(ctx, session.username);
      const client = await services.cognito.getAppClient(ctx, session.clientId);
      if (!user || !client) throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
      const tokens = await services.tokenGenerator.generate(ctx, user, await pool.listUserGroupMembership(ctx, user), client, undefined, "Authentication");
      await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
      return { ChallengeParameters: {}, AuthenticationResult: tokens };
    },
  };
}
