import { randomUUID } from "node:crypto";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Route } from "cognito-local/lib/server/Router.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { attributeValue, type User } from "cognito-local/lib/services/userPoolService.js";
import { userForAccessToken } from "./access-token.js";
import type { EmailOtpSession, createEmailOtpRule } from "./email-otp-rule.js";
import type { RuleHandler } from "./rule-kit.js";

type MfaSetting = "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP";
type Preference = { Enabled?: boolean; PreferredMfa?: boolean } | undefined;

/** A SELECT_MFA_TYPE this rule opened (cognito-local cannot offer EMAIL_OTP in it). */
export interface SelectMfaSession {
  username: string;
  clientId: string;
  choices: MfaSetting[];
}

/**
 * Cognito's per-user MFA settings: SetUserMFAPreference turns SMS, TOTP and e-mail MFA on or
 * off and picks the preferred one; GetUser reports them (UserMFASettingList,
 * PreferredMfaSetting); and sign-in honours them: the preferred type is asked for at once,
 * several without a preference give SELECT_MFA_TYPE. cognito-local knows neither e-mail MFA nor
 * preferences at sign-in, and sends SMS codes only with the old MFAOptions, which this rule
 * keeps in step.
 */
export function createMfaPreferenceRule(services: Services, emailOtp: ReturnType<typeof createEmailOtpRule>, inner: Router) {
  /** What sign-in should ask for, and whether cognito-local would get it wrong. */
  function mfaStep(user: User): { choices: MfaSetting[]; ours: boolean } {
    const legacySms = (user.UserMFASettingList ?? []).length === 0 && (user.MFAOptions ?? []).some((option) => option.DeliveryMedium === "SMS");
    const enabled = [...new Set([...(user.UserMFASettingList ?? []), ...(legacySms ? ["SMS_MFA"] : [])])] as MfaSetting[];
    const preferred = enabled.find((setting) => setting === user.PreferredMfaSetting);
    return { choices: preferred ? [preferred] : enabled, ours: enabled.includes("EMAIL_OTP") || (preferred !== undefined && enabled.length > 1) };
  }

  /** The chosen MFA type: an e-mail code here; SMS and TOTP through cognito-local's own SELECT_MFA_TYPE answer. */
  async function choose(ctx: Context, select: SelectMfaSession, answer: unknown): Promise<{ response: Record<string, unknown>; emailOtp?: EmailOtpSession }> {
    if (typeof answer !== "string" || !select.choices.includes(answer as MfaSetting)) {
      throw new CognitoError("InvalidParameterException", `SELECT_MFA_TYPE requires ANSWER of ${select.choices.join(", ")}`);
    }
    const pool = await services.cognito.getUserPoolForClientId(ctx, select.clientId);
    const user = await pool.getUserByUsername(ctx, select.username);
    if (!user) throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
    if (answer === "EMAIL_OTP") {
      const opened = await emailOtp.open(ctx, select.clientId, user, "EMAIL_OTP");
      return { response: opened.response, emailOtp: opened.session };
    }
    const response = await inner("RespondToAuthChallenge")(ctx, {
      ClientId: select.clientId,
      ChallengeName: "SELECT_MFA_TYPE",
      Session: randomUUID(),
      ChallengeResponses: { USERNAME: user.Username, ANSWER: answer },
    } as never);
    return { response: response as Record<string, unknown> };
  }

  return {
    routes: {
      async SetUserMFAPreference(ctx, req) {
        const { pool, user } = await userForAccessToken(ctx, services, req.AccessToken);
        const requested: Array<[MfaSetting, Preference]> = [
          ["SMS_MFA", req.SMSMfaSettings],
          ["SOFTWARE_TOKEN_MFA", req.SoftwareTokenMfaSettings],
          ["EMAIL_OTP", req.EmailMfaSettings],
        ];
        const enabled = new Set((user.UserMFASettingList ?? []) as MfaSetting[]);
        let preferred = user.PreferredMfaSetting as MfaSetting | undefined;
        for (const [setting, preference] of requested) {
          if (!preference) continue;
          if (preference.Enabled) {
            requireUsable(user, setting);
            enabled.add(setting);
          } else if (preference.Enabled === false) enabled.delete(setting);
          if (preference.PreferredMfa) preferred = setting;
          else if (preference.PreferredMfa === false && preferred === setting) preferred = undefined;
        }
        if (preferred && !enabled.has(preferred)) {
          // Turning the preferred type off drops the preference; preferring a type that is off is refused.
          if (requested.some(([setting, preference]) => setting === preferred && preference?.PreferredMfa)) {
            throw new CognitoError("InvalidParameterException", `${preferred} cannot be preferred while it is not enabled`);
          }
          preferred = undefined;
        }
        await pool.saveUser(ctx, {
          ...user,
          UserMFASettingList: [...enabled],
          PreferredMfaSetting: preferred,
          // cognito-local sends an SMS code only when this old field says so.
          MFAOptions: enabled.has("SMS_MFA") ? [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }] : undefined,
        });
        return {};
      },

      async GetUser(ctx, req) {
        const { user } = await userForAccessToken(ctx, services, req.AccessToken);
        const settings = user.UserMFASettingList ?? [];
        return {
          Username: user.Username,
          UserAttributes: user.Attributes,
          ...(settings.length ? { UserMFASettingList: settings } : {}),
          ...(user.PreferredMfaSetting && settings.includes(user.PreferredMfaSetting) ? { PreferredMfaSetting: user.PreferredMfaSetting } : {}),
          ...(user.MFAOptions?.length ? { MFAOptions: user.MFAOptions } : {}),
        };
      },
    } satisfies Record<string, RuleHandler>,

    choose,

    /**
     * After a correct password: the MFA step Cognito would ask for, when cognito-local would ask
     * for another one (e-mail MFA, or a preference among several). Undefined: cognito-local's own
     * answer is right. The SRP rule can call this after PASSWORD_VERIFIER too.
     */
    async challengeAfterPassword(ctx: Context, clientId: string, user: User): Promise<{ response: Record<string, unknown>; emailOtp?: EmailOtpSession; selectMfa?: SelectMfaSession } | undefined> {
      const { choices, ours } = mfaStep(user);
      if (!ours) return undefined;
      if (choices.length > 1) {
        return {
          response: { ChallengeName: "SELECT_MFA_TYPE", Session: randomUUID(), ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(choices), USER_ID_FOR_SRP: user.Username } },
          selectMfa: { username: user.Username, clientId, choices },
        };
      }
      return choose(ctx, { username: user.Username, clientId, choices }, choices[0]);
    },
  };
}

type Router = (target: string) => Route;

/** Cognito refuses to turn on an MFA type the user cannot receive. */
function requireUsable(user: User, setting: MfaSetting): void {
  if (setting === "SMS_MFA" && attributeValue("phone_number_verified", user.Attributes) !== "true") {
    throw new CognitoError("InvalidParameterException", "User does not have a verified phone number");
  }
  if (setting === "EMAIL_OTP" && attributeValue("email_verified", user.Attributes) !== "true") {
    throw new CognitoError("InvalidParameterException", "User does not have a verified email address");
  }
  if (setting === "SOFTWARE_TOKEN_MFA" && !user.SoftwareTokenMfaConfiguration?.Verified) {
    throw new CognitoError("InvalidParameterException", "User has not verified software token mfa");
  }
}
