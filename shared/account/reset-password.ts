import type { AccountPort } from "../cognito/account-port.js";
import { isAccountExistenceTell } from "../cognito/exception-map.js";
import type { ResetPasswordResult } from "./account-types.js";
import { simulatedDelivery, toCodeDeliveryDetails } from "./code-delivery.js";

/**
 * Amplify's `resetPassword`: a code to the user's verified e-mail or phone. An unknown user,
 * or one Cognito cannot send a code to, gets the same answer (security check 36).
 */
export async function resetPassword(port: AccountPort, input: { username: string }): Promise<ResetPasswordResult> {
  let codeDeliveryDetails;
  try {
    const { delivery } = await port.forgotPassword({ username: input.username });
    codeDeliveryDetails = delivery ? toCodeDeliveryDetails(delivery) : simulatedDelivery(input.username);
  } catch (error) {
    if (!isAccountExistenceTell(error, "reset-password")) throw error;
    codeDeliveryDetails = simulatedDelivery(input.username);
  }
  return { isPasswordReset: false, nextStep: { resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE", codeDeliveryDetails } };
}

/** Amplify's `confirmResetPassword`: the code and a new password that meets the policy (INVALID_PASSWORD). */
export async function confirmResetPassword(port: AccountPort, input: { username: string; confirmationCode: string; newPassword: string }): Promise<ResetPasswordResult> {
  await port.confirmForgotPassword({ username: input.username, code: input.confirmationCode, newPassword: input.newPassword });
  return { isPasswordReset: true, nextStep: { resetPasswordStep: "DONE" } };
}
