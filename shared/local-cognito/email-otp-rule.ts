import { randomUUID } from "node:crypto";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { attributesAppend, attributeValue, type User } from "cognito-local/lib/services/userPoolService.js";
import { maskDestination } from "../flow/mask.js";

/**
 * Cognito's one-time codes at sign-in, which cognito-local lacks:
 * - EMAIL_OTP as MFA: a user with e-mail MFA (EMAIL_OTP in UserMFASettingList) gets a code by
 *   e-mail after the password, answered with EMAIL_OTP_CODE;
 * - EMAIL_OTP and SMS_OTP as passwordless first factors of USER_AUTH (answered with
 *   EMAIL_OTP_CODE / SMS_OTP_CODE), which skip MFA as Cognito does;
 * - the e-mail code that proves a new address during MFA_SETUP with EMAIL_OTP.
 * Codes go out through the same message sender as SMS codes (printed as EMAIL / SMS lines).
 */
export interface EmailOtpSession {
  username: string;
  clientId: string;
  code: string;
  /** The challenge this code answers (default EMAIL_OTP). */
  challengeName?: OtpChallenge;
  /** MFA_SETUP with e-mail: the address to save (verified) and turn e-mail MFA on for, once the code is right. */
  setUpAddress?: string;
}

export type OtpChallenge = "EMAIL_OTP" | "SMS_OTP";
const CODE_FIELD: Record<OtpChallenge, string> = { EMAIL_OTP: "EMAIL_OTP_CODE", SMS_OTP: "SMS_OTP_CODE" };

export function createEmailOtpRule(services: Services) {
  /** Sends a code for one challenge and opens it; `address` overrides the user's own (MFA set-up). */
  async function open(ctx: Context, clientId: string, user: User, challengeName: OtpChallenge, address?: string): Promise<{ session: EmailOtpSession; response: Record<string, unknown> }> {
    const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
    const attribute = challengeName === "EMAIL_OTP" ? "email" : "phone_number";
    const destination = address ?? attributeValue(attribute, user.Attributes);
    if (!destination) throw new CognitoError("InvalidParameterException", `User has no ${attribute}`);
    const code = services.otp();
    const details =
      challengeName === "EMAIL_OTP"
        ? ({ DeliveryMedium: "EMAIL", AttributeName: "email", Destination: destination } as const)
        : ({ DeliveryMedium: "SMS", AttributeName: "phone_number", Destination: destination } as const);
    await services.messages.deliver(ctx, "Authentication", clientId, pool.options.Id, user, code, undefined, details);
    return {
      session: { username: user.Username, clientId, code, challengeName, ...(address ? { setUpAddress: address } : {}) },
      response: {
        ChallengeName: challengeName,
        Session: randomUUID(),
        ChallengeParameters: {
          CODE_DELIVERY_DELIVERY_MEDIUM: details.DeliveryMedium,
          // Cognito masks the destination in the challenge; so does the local one now.
          CODE_DELIVERY_DESTINATION: maskDestination(destination),
          USER_ID_FOR_SRP: user.Username,
        },
      },
    };
  }

  return {
    open,

    /** RespondToAuthChallenge EMAIL_OTP / SMS_OTP: the right code signs in; a wrong one keeps the session. */
    async answer(ctx: Context, session: EmailOtpSession, responses: Record<string, unknown>): Promise<Record<string, unknown>> {
      const challengeName = session.challengeName ?? "EMAIL_OTP";
      if (responses[CODE_FIELD[challengeName]] !== session.code) throw new CognitoError("CodeMismatchException", "Invalid code or auth state for the user.");
      const pool = await services.cognito.getUserPoolForClientId(ctx, session.clientId);
      let user = await pool.getUserByUsername(ctx, session.username);
      const client = await services.cognito.getAppClient(ctx, session.clientId);
      if (!user || !client) throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
      if (session.setUpAddress) {
        // The code proved the address: it becomes the user's verified e-mail, and e-mail MFA is on.
        const settings = new Set([...(user.UserMFASettingList ?? []), "EMAIL_OTP"]);
        user = {
          ...user,
          Attributes: attributesAppend(user.Attributes, { Name: "email", Value: session.setUpAddress }, { Name: "email_verified", Value: "true" }),
          UserMFASettingList: [...settings],
          PreferredMfaSetting: user.PreferredMfaSetting ?? "EMAIL_OTP",
        };
        await pool.saveUser(ctx, user);
      }
      const tokens = await services.tokenGenerator.generate(ctx, user, await pool.listUserGroupMembership(ctx, user), client, undefined, "Authentication");
      await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
      return { ChallengeParameters: {}, AuthenticationResult: tokens };
    },
  };
}
