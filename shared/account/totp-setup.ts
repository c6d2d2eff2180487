import type { AccountPort } from "../cognito/account-port.js";
import type { TotpSetup } from "./account-types.js";

/**
 * Amplify's `setUpTOTP`: a new authenticator secret for the signed-in user and an otpauth://
 * URI for a QR code, labelled "<issuer>:<accountName>". Nothing changes at sign-in until
 * `verifyTOTPSetup` and `updateMFAPreference({ totp: "ENABLED" })`.
 */
export async function setUpTOTP(port: AccountPort, accessToken: string, label: { issuer: string; accountName: string }): Promise<TotpSetup> {
  const { secretCode } = await port.associateSoftwareToken({ accessToken });
  const setupUri = `otpauth://totp/${encodeURIComponent(`${label.issuer}:${label.accountName}`)}?secret=${secretCode}&issuer=${encodeURIComponent(label.issuer)}`;
  return { sharedSecret: secretCode, setupUri };
}

/** Amplify's `verifyTOTPSetup`: the app's first code (CODE_MISMATCH when wrong). */
export async function verifyTOTPSetup(port: AccountPort, accessToken: string, input: { code: string; friendlyDeviceName?: string }): Promise<void> {
  await port.verifySoftwareToken({ accessToken, code: input.code, ...(input.friendlyDeviceName ? { friendlyDeviceName: input.friendlyDeviceName } : {}) });
}
