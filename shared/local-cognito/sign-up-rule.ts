import { randomUUID } from "node:crypto";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { attributesAppend, attributeValue, type User, type UserPoolService } from "cognito-local/lib/services/userPoolService.js";
import type { CodeBook } from "./code-book.js";
import { sendCodeTo, signUpCodeAttribute, simulatedDelivery } from "./code-delivery.js";
import { preventsUserExistenceErrors, type RuleHandler, type StrictChecks } from "./rule-kit.js";

/**
 * Cognito's self sign-up: SignUp creates an UNCONFIRMED user and sends a code to an
 * auto-verified attribute (CodeDeliveryDetails in the answer); ConfirmSignUp takes it within
 * 24 hours (CodeMismatchException, ExpiredCodeException) and marks that attribute verified;
 * ResendConfirmationCode (missing in cognito-local) sends a new one and the old one stops
 * working. A taken username is UsernameExistsException.
 *
 * Sign-in right after sign-up (Amplify's autoSignIn with USER_AUTH): SignUp answers a Session
 * and ConfirmSignUp answers a new one (Amplify does not send SignUp's back), and InitiateAuth
 * USER_AUTH with that Session signs the user in once, without another factor (the code just
 * proved the address), within the challenge lifetime.
 */
export function createSignUpRule(services: Services, checks: StrictChecks, codes: CodeBook, options: { sessionTtlMs: number }) {
  // ConfirmSignUp's Session → whom it signs in; spent when used.
  const signInSessions = new Map<string, { username: string; clientId: string; expiresAt: number }>();
  function takeSignInSession(session: unknown, username: string, clientId: string): boolean {
    const known = typeof session === "string" ? signInSessions.get(session) : undefined;
    if (!known || known.username !== username || known.clientId !== clientId || checks.now() >= known.expiresAt) return false;
    signInSessions.delete(session as string);
    return true;
  }

  async function poolFor(ctx: Context, clientId: string) {
    return services.cognito.getUserPoolForClientId(ctx, clientId);
  }

  async function sendSignUpCode(ctx: Context, source: "SignUp" | "ResendCode", clientId: string, pool: UserPoolService, user: User) {
    const attribute = signUpCodeAttribute(pool, user);
    if (!attribute) return undefined;
    const code = services.otp();
    codes.issue(pool.options.Id, user.Username, "sign-up", code);
    return sendCodeTo(ctx, services, { source, clientId, pool, user, attribute, code });
  }

  const routes: Record<"SignUp" | "ConfirmSignUp" | "ResendConfirmationCode", RuleHandler> = {
    async SignUp(ctx, req) {
      await checks.requireSecretHash(ctx, req.ClientId, req.Username, req.SecretHash);
      const pool = await poolFor(ctx, req.ClientId);
      if (typeof req.Username !== "string" || !req.Username) throw new CognitoError("InvalidParameterException", "1 validation error detected: Value at 'username' failed to satisfy constraint");
      if (await isTaken(ctx, pool, req.Username)) throw new CognitoError("UsernameExistsException", "User already exists");
      await checks.checkPasswordPolicy(ctx, req.ClientId, req.Password);
      const given: Array<{ Name: string; Value: string }> = (req.UserAttributes ?? []).filter(
        // Users cannot vouch for their own contact details, nor pick their sub.
        (attribute: { Name?: string }) => !["sub", "email_verified", "phone_number_verified"].includes(attribute.Name ?? ""),
      );
      const sub = randomUUID();
      const now = new Date(checks.now());
      const user: User = {
        Username: req.Username,
        Password: req.Password,
        Attributes: [{ Name: "sub", Value: sub }, ...given],
        Enabled: true,
        UserStatus: "UNCONFIRMED",
        UserCreateDate: now,
        UserLastModifiedDate: now,
        RefreshTokens: [],
      };
      await pool.saveUser(ctx, user);
      const delivery = await sendSignUpCode(ctx, "SignUp", req.ClientId, pool, user);
      return { UserConfirmed: false, UserSub: sub, Session: randomUUID(), ...(delivery ? { CodeDeliveryDetails: delivery } : {}) };
    },

    async ConfirmSignUp(ctx, req) {
      await checks.requireSecretHash(ctx, req.ClientId, req.Username, req.SecretHash);
      const pool = await poolFor(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, req.Username ?? "");
      if (!user) {
        if (await preventsUserExistenceErrors(ctx, services, req.ClientId)) throw new CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.");
        throw new CognitoError("UserNotFoundException", "Username/client id combination not found.");
      }
      if (user.UserStatus !== "UNCONFIRMED") throw new CognitoError("NotAuthorizedException", `User cannot be confirmed. Current status is ${user.UserStatus}`);
      codes.check(pool.options.Id, user.Username, "sign-up", req.ConfirmationCode);
      const attribute = signUpCodeAttribute(pool, user);
      await pool.saveUser(ctx, {
        ...user,
        UserStatus: "CONFIRMED",
        ConfirmationCode: undefined,
        Attributes: attribute ? attributesAppend(user.Attributes, { Name: `${attribute}_verified`, Value: "true" }) : user.Attributes,
        UserLastModifiedDate: new Date(checks.now()),
      });
      const session = randomUUID();
      signInSessions.set(session, { username: user.Username, clientId: req.ClientId, expiresAt: checks.now() + options.sessionTtlMs });
      return { Session: session };
    },

    async ResendConfirmationCode(ctx, req) {
      await checks.requireSecretHash(ctx, req.ClientId, req.Username, req.SecretHash);
      const pool = await poolFor(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, req.Username ?? "");
      if (!user) {
        if (await preventsUserExistenceErrors(ctx, services, req.ClientId)) return { CodeDeliveryDetails: simulatedDelivery(String(req.Username ?? "")) };
        throw new CognitoError("UserNotFoundException", "Username/client id combination not found.");
      }
      if (user.UserStatus !== "UNCONFIRMED") throw new CognitoError("InvalidParameterException", "User is already confirmed.");
      const delivery = await sendSignUpCode(ctx, "ResendCode", req.ClientId, pool, user);
      if (!delivery) throw new CognitoError("InvalidParameterException", "User has no attribute matching desired auto verified attributes");
      return { CodeDeliveryDetails: delivery };
    },
  };

  return {
    routes,
    /** InitiateAuth USER_AUTH with ConfirmSignUp's Session: tokens, once. */
    async signInAfterConfirmation(ctx: Context, clientId: string, username: string, session: unknown): Promise<Record<string, unknown>> {
      const pool = await poolFor(ctx, clientId);
      const user = await pool.getUserByUsername(ctx, username);
      const client = await services.cognito.getAppClient(ctx, clientId);
      if (!user || !client || !takeSignInSession(session, user.Username, clientId)) throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
      const tokens = await services.tokenGenerator.generate(ctx, user, await pool.listUserGroupMembership(ctx, user), client, undefined, "Authentication");
      await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
      return { ChallengeParameters: {}, AuthenticationResult: tokens };
    },
  };
}

/** Usernames are case-insensitive in Cognito's default pools; e-mail and phone aliases count too. */
async function isTaken(ctx: Context, pool: UserPoolService, username: string): Promise<boolean> {
  if (await pool.getUserByUsername(ctx, username)) return true;
  const wanted = username.toLowerCase();
  const users = await pool.listUsers(ctx);
  return users.some((user) => user.Username.toLowerCase() === wanted || (user.UserStatus === "CONFIRMED" && isAliasOf(pool, user, wanted)));
}

function isAliasOf(pool: UserPoolService, user: User, wanted: string): boolean {
  const aliases = [...(pool.options.UsernameAttributes ?? []), ...(pool.options.AliasAttributes ?? [])];
  return aliases.some((name) => attributeValue(name, user.Attributes)?.toLowerCase() === wanted);
}
