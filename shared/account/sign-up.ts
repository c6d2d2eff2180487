import type { AccountPort } from "../cognito/account-port.js";
import { isAccountExistenceTell } from "../cognito/exception-map.js";
import type { CodeDeliveryDetails, SignUpInput, SignUpResult } from "./account-types.js";
import { simulatedDelivery, toCodeDeliveryDetails } from "./code-delivery.js";

/** Amplify's `signUp`: an unconfirmed user and a code, or DONE when the pool confirms at once. */
export async function signUp(port: AccountPort, input: SignUpInput): Promise<SignUpResult> {
  const output = await port.signUp({ username: input.username, password: input.password, attributes: input.userAttributes ?? {} });
  const userId = output.userSub ? { userId: output.userSub } : {};
  if (output.userConfirmed) return { isSignUpComplete: true, ...userId, nextStep: { signUpStep: "DONE" } };
  return {
    isSignUpComplete: false,
    ...userId,
    nextStep: { signUpStep: "CONFIRM_SIGN_UP", ...(output.delivery ? { codeDeliveryDetails: toCodeDeliveryDetails(output.delivery) } : {}) },
  };
}

/** Amplify's `confirmSignUp`. A wrong code is CODE_MISMATCH, an old one CODE_EXPIRED; an unknown user is a wrong code. */
export async function confirmSignUp(port: AccountPort, input: { username: string; confirmationCode: string }): Promise<SignUpResult> {
  await port.confirmSignUp({ username: input.username, code: input.confirmationCode });
  return { isSignUpComplete: true, nextStep: { signUpStep: "DONE" } };
}

/**
 * Amplify's `resendSignUpCode`. An unknown or already confirmed username gets the same answer
 * as a known one (security check 36): nothing is sent, and nothing tells.
 */
export async function resendSignUpCode(port: AccountPort, input: { username: string }): Promise<{ codeDeliveryDetails: CodeDeliveryDetails }> {
  try {
    const { delivery } = await port.resendConfirmationCode({ username: input.username });
    return { codeDeliveryDetails: delivery ? toCodeDeliveryDetails(delivery) : simulatedDelivery(input.username) };
  } catch (error) {
    if (isAccountExistenceTell(error, "resend-sign-up-code")) return { codeDeliveryDetails: simulatedDelivery(input.username) };
    throw error;
  }
}
