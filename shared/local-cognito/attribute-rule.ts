import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { attributesAppend, attributeValue } from "cognito-local/lib/services/userPoolService.js";
import { userForAccessToken } from "./access-token.js";
import type { CodeBook } from "./code-book.js";
import { sendCodeTo, type CodeDeliveryDetails } from "./code-delivery.js";
import type { RuleHandler, StrictChecks } from "./rule-kit.js";

const CONTACT = ["email", "phone_number"] as const;
type Contact = (typeof CONTACT)[number];
const isContact = (name: unknown): name is Contact => CONTACT.includes(name as Contact);
/** Attributes only Cognito writes: a user cannot vouch for their own address, nor change their sub. */
const READ_ONLY = new Set(["sub", "email_verified", "phone_number_verified", "cognito:user_status"]);

/**
 * Cognito's self-service attributes, with a signed access token:
 * - UpdateUserAttributes: a changed e-mail or phone is saved unverified and a code goes to the
 *   new value (CodeDeliveryDetailsList); other attributes change at once;
 * - GetUserAttributeVerificationCode: a new code for an e-mail or phone the user has;
 * - VerifyUserAttribute: the code (24 hours; CodeMismatchException, ExpiredCodeException)
 *   marks it verified;
 * - ChangePassword: the old password must be right (NotAuthorizedException) and the new one
 *   meet the policy (InvalidPasswordException).
 * cognito-local only decodes the token, keeps one never-expiring code for all attributes, and
 * answers a wrong old password with InvalidPasswordException.
 */
export function createAttributeRule(services: Services, checks: StrictChecks, codes: CodeBook): Record<"UpdateUserAttributes" | "GetUserAttributeVerificationCode" | "VerifyUserAttribute" | "ChangePassword", RuleHandler> {
  async function sendVerificationCode(ctx: Context, source: "UpdateUserAttribute" | "VerifyUserAttribute", signedIn: Awaited<ReturnType<typeof userForAccessToken>>, attribute: Contact): Promise<CodeDeliveryDetails> {
    const code = services.otp();
    codes.issue(signedIn.pool.options.Id, signedIn.user.Username, `verify:${attribute}`, code);
    return sendCodeTo(ctx, services, { source, clientId: signedIn.clientId, pool: signedIn.pool, user: signedIn.user, attribute, code });
  }

  return {
    async UpdateUserAttributes(ctx, req) {
      const signedIn = await userForAccessToken(ctx, services, req.AccessToken);
      const changes: Array<{ Name: string; Value: string }> = req.UserAttributes ?? [];
      if (changes.some((change) => READ_ONLY.has(change.Name))) throw new CognitoError("NotAuthorizedException", "A client attempted to write unauthorized attribute");
      const changedContacts = changes.filter((change) => isContact(change.Name) && change.Value !== attributeValue(change.Name, signedIn.user.Attributes)).map((change) => change.Name as Contact);
      const user = {
        ...signedIn.user,
        Attributes: attributesAppend(signedIn.user.Attributes, ...changes, ...changedContacts.map((name) => ({ Name: `${name}_verified`, Value: "false" }))),
        UserLastModifiedDate: new Date(checks.now()),
      };
      await signedIn.pool.saveUser(ctx, user);
      const autoVerified = signedIn.pool.options.AutoVerifiedAttributes ?? [];
      const list: CodeDeliveryDetails[] = [];
      for (const attribute of changedContacts.filter((name) => autoVerified.includes(name))) {
        list.push(await sendVerificationCode(ctx, "UpdateUserAttribute", { ...signedIn, user }, attribute));
      }
      return { CodeDeliveryDetailsList: list };
    },

    async GetUserAttributeVerificationCode(ctx, req) {
      const signedIn = await userForAccessToken(ctx, services, req.AccessToken);
      if (!isContact(req.AttributeName) || !attributeValue(req.AttributeName, signedIn.user.Attributes)) {
        throw new CognitoError("InvalidParameterException", `User does not have a value for the attribute: ${String(req.AttributeName)}`);
      }
      return { CodeDeliveryDetails: await sendVerificationCode(ctx, "VerifyUserAttribute", signedIn, req.AttributeName) };
    },

    async VerifyUserAttribute(ctx, req) {
      const { pool, user } = await userForAccessToken(ctx, services, req.AccessToken);
      if (!isContact(req.AttributeName)) throw new CognitoError("InvalidParameterException", `Cannot verify the attribute: ${String(req.AttributeName)}`);
      codes.check(pool.options.Id, user.Username, `verify:${req.AttributeName}`, req.Code);
      await pool.saveUser(ctx, {
        ...user,
        Attributes: attributesAppend(user.Attributes, { Name: `${req.AttributeName}_verified`, Value: "true" }),
        UserLastModifiedDate: new Date(checks.now()),
      });
      return {};
    },

    async ChangePassword(ctx, req) {
      const { pool, user, clientId } = await userForAccessToken(ctx, services, req.AccessToken);
      if (req.PreviousPassword !== user.Password) throw new CognitoError("NotAuthorizedException", "Incorrect username or password.");
      await checks.checkPasswordPolicy(ctx, clientId, req.ProposedPassword);
      await pool.saveUser(ctx, { ...user, Password: req.ProposedPassword, UserLastModifiedDate: new Date(checks.now()) });
      return {};
    },
  };
}
