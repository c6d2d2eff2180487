import type { RawCodeDelivery } from "../cognito/account-port.js";
import { maskDestination } from "../flow/mask.js";
import type { CodeDeliveryDetails } from "./account-types.js";

/** Cognito's delivery details in Amplify's shape, the destination masked (emulators may not mask). */
export function toCodeDeliveryDetails(raw: RawCodeDelivery): CodeDeliveryDetails {
  const deliveryMedium = raw.deliveryMedium === "EMAIL" ? "EMAIL" : "SMS";
  return {
    deliveryMedium,
    destination: maskDestination(raw.destination ?? ""),
    attributeName: raw.attributeName ?? (deliveryMedium === "EMAIL" ? "email" : "phone_number"),
  };
}

/**
 * What reset-password and resend-sign-up-code answer when no code went out (an unknown
 * user, say): a delivery shaped like a real one, so the answer does not tell who exists.
 * When the username is the e-mail address or phone number (as in most pools) it is what a real
 * code to that user would show.
 */
export function simulatedDelivery(username: string): CodeDeliveryDetails {
  const name = username.trim();
  if (/^\+\d{6,15}$/.test(name)) return { deliveryMedium: "SMS", destination: maskDestination(name), attributeName: "phone_number" };
  const address = name.includes("@") ? name : "user@example.com";
  return { deliveryMedium: "EMAIL", destination: maskDestination(address), attributeName: "email" };
}
