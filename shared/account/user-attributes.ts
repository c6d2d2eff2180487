import type { AccountPort } from "../cognito/account-port.js";
import { AuthError } from "../errors/auth-error.js";
import type { CodeDeliveryDetails, UpdateUserAttributesOutput } from "./account-types.js";
import { toCodeDeliveryDetails } from "./code-delivery.js";

/** Amplify's `fetchUserAttributes`: every attribute of the signed-in user, `sub` and `*_verified` included. */
export async function fetchUserAttributes(port: AccountPort, accessToken: string): Promise<{ userAttributes: Record<string, string> }> {
  const user = await port.getUser({ accessToken });
  return { userAttributes: user.attributes };
}

/**
 * Amplify's `updateUserAttributes`: each attribute is DONE at once, or, for an e-mail or phone
 * Cognito verifies, saved unverified with a code sent to the new value.
 */
export async function updateUserAttributes(port: AccountPort, accessToken: string, input: { userAttributes: Record<string, string> }): Promise<UpdateUserAttributesOutput> {
  const { deliveries } = await port.updateUserAttributes({ accessToken, attributes: input.userAttributes });
  const output: UpdateUserAttributesOutput = {};
  for (const name of Object.keys(input.userAttributes)) {
    const delivery = deliveries.find((entry) => entry.attributeName === name);
    output[name] = delivery
      ? { isUpdated: false, nextStep: { updateAttributeStep: "CONFIRM_ATTRIBUTE_WITH_CODE", codeDeliveryDetails: toCodeDeliveryDetails(delivery) } }
      : { isUpdated: true, nextStep: { updateAttributeStep: "DONE" } };
  }
  return output;
}

/** Amplify's `confirmUserAttribute`: the code that proves the user owns the e-mail or phone. */
export async function confirmUserAttribute(port: AccountPort, accessToken: string, input: { userAttributeKey: string; confirmationCode: string }): Promise<void> {
  await port.verifyUserAttribute({ accessToken, attributeName: input.userAttributeKey, code: input.confirmationCode });
}

/** Amplify's `sendUserAttributeVerificationCode`: a new code for an e-mail or phone the user has. */
export async function sendUserAttributeVerificationCode(port: AccountPort, accessToken: string, input: { userAttributeKey: string }): Promise<{ codeDeliveryDetails: CodeDeliveryDetails }> {
  const { delivery } = await port.getUserAttributeVerificationCode({ accessToken, attributeName: input.userAttributeKey });
  if (!delivery) throw new AuthError("INTERNAL", { cause: new Error("Cognito sent no CodeDeliveryDetails for an attribute code") });
  return { codeDeliveryDetails: toCodeDeliveryDetails(delivery) };
}
