import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { attributeValue, type User, type UserPoolService } from "cognito-local/lib/services/userPoolService.js";
import { maskDestination } from "../flow/mask.js";

/** Cognito's CodeDeliveryDetailsType: where a code went, with the destination masked. */
export interface CodeDeliveryDetails {
  AttributeName: "email" | "phone_number";
  DeliveryMedium: "EMAIL" | "SMS";
  Destination: string;
}

type Source = "SignUp" | "ResendCode" | "ForgotPassword" | "UpdateUserAttribute" | "VerifyUserAttribute";

/**
 * Sends a code to one of the user's contact attributes through cognito-local's message
 * sender (so it is printed on the SMS / EMAIL code line) and answers what Cognito
 * answers: the masked destination.
 */
export async function sendCodeTo(
  ctx: Context,
  services: Services,
  args: { source: Source; clientId: string; pool: UserPoolService; user: User; attribute: "email" | "phone_number"; code: string },
): Promise<CodeDeliveryDetails> {
  const destination = attributeValue(args.attribute, args.user.Attributes) ?? "";
  const medium = args.attribute === "email" ? "EMAIL" : "SMS";
  const details = args.attribute === "email"
    ? ({ AttributeName: "email", DeliveryMedium: "EMAIL", Destination: destination } as const)
    : ({ AttributeName: "phone_number", DeliveryMedium: "SMS", Destination: destination } as const);
  await services.messages.deliver(ctx, args.source, args.clientId, args.pool.options.Id, args.user, args.code, undefined, details);
  return { AttributeName: args.attribute, DeliveryMedium: medium, Destination: maskDestination(destination) };
}

/** Which attribute a sign-up code goes to: Cognito prefers the phone when both are auto-verified. */
export function signUpCodeAttribute(pool: UserPoolService, user: User): "email" | "phone_number" | undefined {
  const autoVerified = pool.options.AutoVerifiedAttributes ?? [];
  if (autoVerified.includes("phone_number") && attributeValue("phone_number", user.Attributes)) return "phone_number";
  if (autoVerified.includes("email") && attributeValue("email", user.Attributes)) return "email";
  return undefined;
}

/** Where a password-reset code goes: the pool's AccountRecoverySetting, verified attributes only. */
export function recoveryAttribute(pool: UserPoolService, user: User): "email" | "phone_number" | undefined {
  const mechanisms = [...(pool.options.AccountRecoverySetting?.RecoveryMechanisms ?? [{ Name: "verified_email", Priority: 1 }, { Name: "verified_phone_number", Priority: 2 }])].sort(
    (a, b) => (a.Priority ?? 0) - (b.Priority ?? 0),
  );
  for (const mechanism of mechanisms) {
    const attribute = mechanism.Name === "verified_email" ? "email" : mechanism.Name === "verified_phone_number" ? "phone_number" : undefined;
    if (attribute && attributeValue(attribute, user.Attributes) && attributeValue(`${attribute}_verified`, user.Attributes) === "true") return attribute;
  }
  return undefined;
}

/**
 * With PreventUserExistenceErrors ENABLED, Cognito answers account confirmation and password
 * recovery for an unknown user as if a code went to a simulated destination.
 */
export function simulatedDelivery(username: string): CodeDeliveryDetails {
  return username.includes("@")
    ? { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: simulatedDestination("EMAIL", username) }
    : { AttributeName: "phone_number", DeliveryMedium: "SMS", Destination: simulatedDestination("SMS", username) };
}

/** A masked destination of the given medium that reveals nothing about a user. */
export function simulatedDestination(medium: "EMAIL" | "SMS", username: string): string {
  if (medium === "SMS") return "+*******0000";
  return username.includes("@") ? maskDestination(username) : "u***@e***";
}
