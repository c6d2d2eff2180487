import { randomUUID } from "node:crypto";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { attributeValue, type User } from "cognito-local/lib/services/userPoolService.js";
import type { EmailOtpSession, OtpChallenge, createEmailOtpRule } from "./email-otp-rule.js";
import { simulatedDestination } from "./code-delivery.js";
import type { StrictChecks } from "./rule-kit.js";

/** A first factor of choice-based sign-in. */
export type FirstFactor = "PASSWORD" | "PASSWORD_SRP" | "EMAIL_OTP" | "SMS_OTP";

/** An open SELECT_CHALLENGE: who is signing in and what they may choose. */
export interface UserAuthSession {
  username: string;
  clientId: string;
  available: FirstFactor[];
}

/** What a rule answers: Cognito's response, and the state the next call needs. */
export interface RuleStep {
  response: Record<string, unknown>;
  emailOtp?: EmailOtpSession;
  userAuth?: UserAuthSession;
}

export interface UserAuthRuleOptions {
  /** Signs in with a password as USER_PASSWORD_AUTH does (the strict layer's own path: MFA as usual). */
  passwordSignIn(ctx: Context, clientId: string, username: string, password: unknown, secretHash: unknown): Promise<Record<string, unknown>>;
  /** InitiateAuth USER_AUTH with the Session ConfirmSignUp gave: sign in right after sign-up. */
  signInAfterConfirmation?(ctx: Context, clientId: string, username: string, session: unknown): Promise<Record<string, unknown>>;
  /** PASSWORD_SRP as first factor (SRP_A in, PASSWORD_VERIFIER out): the SRP rule (srp-rule.ts). */
  passwordSrp(ctx: Context, clientId: string, username: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * Cognito's choice-based sign-in (InitiateAuth USER_AUTH), which cognito-local lacks:
 * PREFERRED_CHALLENGE PASSWORD with a PASSWORD goes straight to the password check (then MFA
 * as usual); EMAIL_OTP or SMS_OTP sends a code at once (a passwordless first factor, which
 * skips MFA); anything else, or none, is SELECT_CHALLENGE with AvailableChallenges — what this
 * user can do: PASSWORD and PASSWORD_SRP always, EMAIL_OTP with a verified e-mail, SMS_OTP
 * with a verified phone. RespondToAuthChallenge SELECT_CHALLENGE answers with ANSWER (and
 * PASSWORD for ANSWER=PASSWORD). An unknown user is not told apart (PreventUserExistenceErrors
 * does not apply to USER_AUTH; Cognito answers with some challenge the pool allows): all
 * factors are offered, a code challenge opens with nothing sent and no code right, and a
 * password is "Incorrect username or password.".
 */
export function createUserAuthRule(services: Services, checks: StrictChecks, emailOtp: ReturnType<typeof createEmailOtpRule>, options: UserAuthRuleOptions) {
  const notAuthorized = () => new CognitoError("NotAuthorizedException", "Incorrect username or password.");

  async function userFor(ctx: Context, clientId: string, username: string): Promise<User | null> {
    const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
    return pool.getUserByUsername(ctx, username);
  }

  function availableFor(user: User | null): FirstFactor[] {
    // An unknown user is offered every factor the pool allows, so the answer does not tell.
    if (!user) return ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"];
    const available: FirstFactor[] = ["PASSWORD", "PASSWORD_SRP"];
    if (user.UserStatus !== "CONFIRMED") return available;
    if (attributeValue("email_verified", user.Attributes) === "true" && attributeValue("email", user.Attributes)) available.push("EMAIL_OTP");
    if (attributeValue("phone_number_verified", user.Attributes) === "true" && attributeValue("phone_number", user.Attributes)) available.push("SMS_OTP");
    return available;
  }

  async function start(ctx: Context, clientId: string, username: string, factor: FirstFactor, parameters: Record<string, unknown>, user: User | null): Promise<RuleStep> {
    if (factor === "PASSWORD") return { response: await options.passwordSignIn(ctx, clientId, username, parameters.PASSWORD, parameters.SECRET_HASH) };
    if (factor === "PASSWORD_SRP") {
      return { response: await options.passwordSrp(ctx, clientId, username, parameters) };
    }
    if (!user) return decoy(clientId, username, factor as OtpChallenge);
    const opened = await emailOtp.open(ctx, clientId, user, factor as OtpChallenge);
    return { response: opened.response, emailOtp: opened.session };
  }

  /** For an unknown user: a code challenge like a real one, with nothing sent and no code that matches. */
  function decoy(clientId: string, username: string, challengeName: OtpChallenge): RuleStep {
    const medium = challengeName === "EMAIL_OTP" ? "EMAIL" : "SMS";
    return {
      response: {
        ChallengeName: challengeName,
        Session: randomUUID(),
        ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: medium, CODE_DELIVERY_DESTINATION: simulatedDestination(medium, username), USER_ID_FOR_SRP: username },
      },
      emailOtp: { username, clientId, code: randomUUID(), challengeName },
    };
  }

  return {
    /** InitiateAuth with AuthFlow USER_AUTH. */
    async initiate(ctx: Context, req: Record<string, any>): Promise<RuleStep> {
      const parameters: Record<string, unknown> = req.AuthParameters ?? {};
      const username = parameters.USERNAME;
      if (typeof username !== "string" || !username) throw new CognitoError("InvalidParameterException", "Missing required parameter USERNAME");
      await checks.requireSecretHash(ctx, req.ClientId, username, parameters.SECRET_HASH);
      if (req.Session !== undefined && options.signInAfterConfirmation) return { response: await options.signInAfterConfirmation(ctx, req.ClientId, username, req.Session) };
      const user = await userFor(ctx, req.ClientId, username);
      const available = availableFor(user);
      const preferred = parameters.PREFERRED_CHALLENGE as FirstFactor | undefined;
      const ready = preferred && available.includes(preferred) && (preferred !== "PASSWORD" || typeof parameters.PASSWORD === "string");
      if (ready) return start(ctx, req.ClientId, username, preferred, parameters, user);
      return {
        response: { ChallengeName: "SELECT_CHALLENGE", Session: randomUUID(), ChallengeParameters: {}, AvailableChallenges: available },
        userAuth: { username: user?.Username ?? username, clientId: req.ClientId, available },
      };
    },

    /** RespondToAuthChallenge SELECT_CHALLENGE: the chosen first factor. */
    async select(ctx: Context, session: UserAuthSession, responses: Record<string, unknown>): Promise<RuleStep> {
      const answer = responses.ANSWER as FirstFactor;
      if (!session.available.includes(answer)) throw new CognitoError("InvalidParameterException", `ANSWER must be one of ${session.available.join(", ")}`);
      if (answer === "PASSWORD" && typeof responses.PASSWORD !== "string") throw new CognitoError("InvalidParameterException", "Missing required parameter PASSWORD");
      const user = await userFor(ctx, session.clientId, session.username);
      return start(ctx, session.clientId, session.username, answer, responses, user);
    },
  };
}
