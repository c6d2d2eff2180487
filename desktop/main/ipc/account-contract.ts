import { z } from "zod";
import { ACCOUNT_INPUT_SHAPES as IN } from "../../../shared/account/account-schemas.js";

/**
 * The account channels of the IPC contract (see ipc-contract.ts): inputs are the shared
 * account fields, strict (an unknown field is refused); outputs are strict too, so no token can
 * ride along by mistake.
 */
const noInput = z.undefined();
const method = z.enum(["SMS", "TOTP", "EMAIL"]);

const codeDeliveryDetails = z.strictObject({ deliveryMedium: z.enum(["SMS", "EMAIL"]), destination: z.string(), attributeName: z.string() });
const withDelivery = z.strictObject({ codeDeliveryDetails });
const signUpResult = z.strictObject({
  isSignUpComplete: z.boolean(),
  userId: z.string().optional(),
  nextStep: z.strictObject({ signUpStep: z.enum(["CONFIRM_SIGN_UP", "DONE"]), codeDeliveryDetails: codeDeliveryDetails.optional() }),
});
const resetPasswordResult = z.strictObject({
  isPasswordReset: z.boolean(),
  nextStep: z.strictObject({ resetPasswordStep: z.enum(["CONFIRM_RESET_PASSWORD_WITH_CODE", "DONE"]), codeDeliveryDetails: codeDeliveryDetails.optional() }),
});
const updateUserAttributesOutput = z.record(
  z.string(),
  z.strictObject({
    isUpdated: z.boolean(),
    nextStep: z.strictObject({ updateAttributeStep: z.enum(["CONFIRM_ATTRIBUTE_WITH_CODE", "DONE"]), codeDeliveryDetails: codeDeliveryDetails.optional() }),
  }),
);
const mfaPreference = z.strictObject({ enabled: z.array(method).optional(), preferred: method.optional() });

export const ACCOUNT_CONTRACT = {
  "account:sign-up": { input: z.strictObject(IN.signUp), output: signUpResult },
  "account:confirm-sign-up": { input: z.strictObject(IN.confirmSignUp), output: signUpResult },
  "account:resend-sign-up-code": { input: z.strictObject(IN.resendSignUpCode), output: withDelivery },
  "account:reset-password": { input: z.strictObject(IN.resetPassword), output: resetPasswordResult },
  "account:confirm-reset-password": { input: z.strictObject(IN.confirmResetPassword), output: resetPasswordResult },
  "account:update-password": { input: z.strictObject(IN.updatePassword), output: z.undefined() },
  "account:fetch-user-attributes": { input: noInput, output: z.strictObject({ userAttributes: z.record(z.string(), z.string()) }) },
  "account:update-user-attributes": { input: z.strictObject(IN.updateUserAttributes), output: updateUserAttributesOutput },
  "account:confirm-user-attribute": { input: z.strictObject(IN.confirmUserAttribute), output: z.undefined() },
  "account:send-user-attribute-verification-code": { input: z.strictObject(IN.sendUserAttributeVerificationCode), output: withDelivery },
  "account:fetch-mfa-preference": { input: noInput, output: mfaPreference },
  "account:update-mfa-preference": { input: z.strictObject(IN.updateMFAPreference), output: mfaPreference },
  "account:set-up-totp": { input: noInput, output: z.strictObject({ sharedSecret: z.string(), setupUri: z.string() }) },
  "account:verify-totp-setup": { input: z.strictObject(IN.verifyTOTPSetup), output: z.undefined() },
} as const;
