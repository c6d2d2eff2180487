import type { AccountPort } from "../cognito/account-port.js";
import { isAccountExistenceTell } from "../cognito/exception-map.js";
import type { CodeDeliveryDetails, SignUpInput, SignUpResult } from "./account-types.js";
import { simulatedDelivery, toCodeDeliveryDetails } from "./code-delivery.js";

/**
 * Amplify's `signUp`: an unconfirmed user and a code, or DONE when the pool confirms at once.
 * `session` is Cognito's sign-up session, for signing in right after confirmation: a secret
 * the caller keeps (server-side, or in the desktop's main process), never in a result.
 */
export async function signUp(port: AccountPort, input: SignUpInput): Promise<{ result: SignUpResult; session?: string }> {
  const output = await port.signUp({ username: input.username, password: input.password, attributes: input.userAttributes ?? {} });
  const userId = output.userSub ? { userId: output.userSub } : {};
  const session = output.session ? { session: output.session } : {};
  if (output.userConfirmed) return { result: { isSignUpComplete: true, ...userId, nextStep: { signUpStep: "DONE" } }, ...session };
  return {
    result: {
      isSignUpComplete: false,
      ...userId,
      nextStep: { signUpStep: "CONFIRM_SIGN_UP", ...(output.delivery ? { codeDeliveryDetails: toCodeDeliveryDetails(output.delivery) } : {}) },
    },
    ...session,
  };
}

/**
 * Amplify's `confirmSignUp`. A wrong code is CODE_MISMATCH, an old one CODE_EXPIRED; an unknown
 * user is a wrong code. With the sign-up's `session`, Cognito answers a `signInSession` that
 * `signInAfterSignUp` turns into tokens once (Amplify's autoSignIn, without the password).
 */
export async function confirmSignUp(port: AccountPort, input: { username: string; confirmationCode: string }, session?: string): Promise<{ result: SignUpResult; signInSession?: string }> {
  const output = await port.confirmSignUp({ username: input.username, code: input.confirmationCode, ...(session ? { session } : {}) });
  return { result: { isSignUpComplete: true, nextStep: { signUpStep: "DONE" } }, ...(output.session ? { signInSession: output.session } : {}) };
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
