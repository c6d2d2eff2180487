import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { CodeBook } from "./code-book.js";
import { recoveryAttribute, sendCodeTo, simulatedDelivery } from "./code-delivery.js";
import { preventsUserExistenceErrors, type RuleHandler, type StrictChecks } from "./rule-kit.js";

/**
 * Cognito's password reset: ForgotPassword sends a code (valid one hour) to the user's
 * verified e-mail or phone, as the pool's AccountRecoverySetting orders them;
 * ConfirmForgotPassword takes it with a new password that must meet the policy
 * (InvalidPasswordException), and leaves the user CONFIRMED (so a RESET_REQUIRED user can
 * sign in again). For an unknown user, an app client with PreventUserExistenceErrors ENABLED
 * answers as if a code went to a simulated destination; LEGACY says UserNotFoundException.
 */
export function createForgotPasswordRule(services: Services, checks: StrictChecks, codes: CodeBook): Record<"ForgotPassword" | "ConfirmForgotPassword", RuleHandler> {
  return {
    async ForgotPassword(ctx, req) {
      await checks.requireSecretHash(ctx, req.ClientId, req.Username, req.SecretHash);
      const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, req.Username ?? "");
      if (!user) {
        if (await preventsUserExistenceErrors(ctx, services, req.ClientId)) return { CodeDeliveryDetails: simulatedDelivery(String(req.Username ?? "")) };
        throw new CognitoError("UserNotFoundException", "Username/client id combination not found.");
      }
      const attribute = recoveryAttribute(pool, user);
      if (!attribute) throw new CognitoError("InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number");
      const code = services.otp();
      codes.issue(pool.options.Id, user.Username, "forgot-password", code);
      return { CodeDeliveryDetails: await sendCodeTo(ctx, services, { source: "ForgotPassword", clientId: req.ClientId, pool, user, attribute, code }) };
    },

    async ConfirmForgotPassword(ctx, req) {
      await checks.requireSecretHash(ctx, req.ClientId, req.Username, req.SecretHash);
      const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, req.Username ?? "");
      if (!user) {
        if (await preventsUserExistenceErrors(ctx, services, req.ClientId)) throw new CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.");
        throw new CognitoError("UserNotFoundException", "Username/client id combination not found.");
      }
      // The code is checked first; a password the policy refuses leaves it usable.
      codes.check(pool.options.Id, user.Username, "forgot-password", req.ConfirmationCode, { spend: false });
      await checks.checkPasswordPolicy(ctx, req.ClientId, req.Password);
      codes.forget(pool.options.Id, user.Username, "forgot-password");
      await pool.saveUser(ctx, {
        ...user,
        Password: req.Password,
        UserStatus: user.UserStatus === "UNCONFIRMED" ? "UNCONFIRMED" : "CONFIRMED",
        ConfirmationCode: undefined,
        UserLastModifiedDate: new Date(checks.now()),
      });
      return {};
    },
  };
}
