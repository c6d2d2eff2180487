import type { AccountService } from "../account-service.js";
import type { ACCOUNT_CONTRACT } from "./account-contract.js";
import type { IpcHandlersFor } from "./ipc-router.js";

const nothing = async (promise: Promise<void>): Promise<undefined> => {
  await promise;
  return undefined;
};

/** Maps each account channel to the account service. Nothing here returns a token. */
export function accountHandlers(service: AccountService): IpcHandlersFor<keyof typeof ACCOUNT_CONTRACT> {
  return {
    "account:sign-up": (input) => service.signUp(input),
    "account:confirm-sign-up": (input) => service.confirmSignUp(input),
    "account:resend-sign-up-code": (input) => service.resendSignUpCode(input),
    "account:reset-password": (input) => service.resetPassword(input),
    "account:confirm-reset-password": (input) => service.confirmResetPassword(input),
    "account:update-password": (input) => nothing(service.updatePassword(input)),
    "account:fetch-user-attributes": () => service.fetchUserAttributes(),
    "account:update-user-attributes": (input) => service.updateUserAttributes(input),
    "account:confirm-user-attribute": (input) => nothing(service.confirmUserAttribute(input)),
    "account:send-user-attribute-verification-code": (input) => service.sendUserAttributeVerificationCode(input),
    "account:fetch-mfa-preference": () => service.fetchMFAPreference(),
    "account:update-mfa-preference": (input) => service.updateMFAPreference(input),
    "account:set-up-totp": () => service.setUpTOTP(),
    "account:verify-totp-setup": (input) => nothing(service.verifyTOTPSetup(input)),
  };
}
