import type { AccountPort, MfaSetting } from "../cognito/account-port.js";
import type { MfaMethod, MfaPreference, MfaPreferenceValue, UpdateMfaPreferenceInput } from "./account-types.js";

/** Cognito's setting names for Amplify's method names. */
const COGNITO_NAME: Record<MfaMethod, string> = { SMS: "SMS_MFA", TOTP: "SOFTWARE_TOKEN_MFA", EMAIL: "EMAIL_OTP" };
const METHODS: readonly MfaMethod[] = ["SMS", "TOTP", "EMAIL"];

/** Amplify's `fetchMFAPreference`: the methods turned on and the preferred one (keys absent when none). */
export async function fetchMFAPreference(port: AccountPort, accessToken: string): Promise<MfaPreference> {
  const user = await port.getUser({ accessToken });
  const enabled = METHODS.filter((method) => user.mfaSettings.includes(COGNITO_NAME[method]));
  const preferred = METHODS.find((method) => user.preferredMfa === COGNITO_NAME[method]);
  return { ...(enabled.length ? { enabled } : {}), ...(preferred ? { preferred } : {}) };
}

/**
 * Amplify's `updateMFAPreference`, answered with the preference as it now stands. Turning SMS
 * on needs a verified phone, TOTP a verified authenticator app (INVALID_REQUEST otherwise).
 */
export async function updateMFAPreference(port: AccountPort, accessToken: string, input: UpdateMfaPreferenceInput): Promise<MfaPreference> {
  await port.setUserMfaPreference({
    accessToken,
    ...(input.sms ? { sms: toSetting(input.sms) } : {}),
    ...(input.totp ? { totp: toSetting(input.totp) } : {}),
    ...(input.email ? { email: toSetting(input.email) } : {}),
  });
  return fetchMFAPreference(port, accessToken);
}

/** As Amplify maps them: PREFERRED and NOT_PREFERRED both leave the method enabled. */
function toSetting(value: MfaPreferenceValue): MfaSetting {
  switch (value) {
    case "ENABLED":
      return { enabled: true };
    case "DISABLED":
      return { enabled: false };
    case "PREFERRED":
      return { enabled: true, preferred: true };
    case "NOT_PREFERRED":
      return { enabled: true, preferred: false };
  }
}
