import type { ACCOUNT_CONTRACT } from "../../desktop/main/ipc/account-contract.js";
import type { IpcHandlersFor } from "../../desktop/main/ipc/ipc-router.js";

const delivery = { deliveryMedium: "EMAIL", destination: "n***@e***", attributeName: "email" } as const;

/**
 * Account handlers for router tests: each records its channel and answers a valid result, so
 * a test sees exactly which channels reached a handler. (The real ones run in the browser tests.)
 */
export function accountHandlerDoubles(calls: string[]): IpcHandlersFor<keyof typeof ACCOUNT_CONTRACT> {
  const record = <T>(channel: string, result: T) => async () => {
    calls.push(channel);
    return result;
  };
  return {
    "account:sign-up": record("account:sign-up", { isSignUpComplete: false, nextStep: { signUpStep: "CONFIRM_SIGN_UP" as const, codeDeliveryDetails: delivery } }),
    "account:confirm-sign-up": record("account:confirm-sign-up", { isSignUpComplete: true, nextStep: { signUpStep: "DONE" as const } }),
    "account:resend-sign-up-code": record("account:resend-sign-up-code", { codeDeliveryDetails: delivery }),
    "account:reset-password": record("account:reset-password", { isPasswordReset: false, nextStep: { resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE" as const, codeDeliveryDetails: delivery } }),
    "account:confirm-reset-password": record("account:confirm-reset-password", { isPasswordReset: true, nextStep: { resetPasswordStep: "DONE" as const } }),
    "account:update-password": record("account:update-password", undefined),
    "account:fetch-user-attributes": record("account:fetch-user-attributes", { userAttributes: { email: "new@example.com" } }),
    "account:update-user-attributes": record("account:update-user-attributes", { name: { isUpdated: true, nextStep: { updateAttributeStep: "DONE" as const } } }),
    "account:confirm-user-attribute": record("account:confirm-user-attribute", undefined),
    "account:send-user-attribute-verification-code": record("account:send-user-attribute-verification-code", { codeDeliveryDetails: delivery }),
    "account:fetch-mfa-preference": record("account:fetch-mfa-preference", {}),
    "account:update-mfa-preference": record("account:update-mfa-preference", { enabled: ["SMS" as const], preferred: "SMS" as const }),
    "account:set-up-totp": record("account:set-up-totp", { sharedSecret: "JBSWY3DPEHPK3PXP", setupUri: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP" }),
    "account:verify-totp-setup": record("account:verify-totp-setup", undefined),
  };
}
