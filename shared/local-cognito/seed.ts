import type { Context } from "cognito-local/lib/services/context.js";
import type { UserPoolService } from "cognito-local/lib/services/userPoolService.js";
import type { SeedUser } from "./seed-users.js";

/**
 * Writes seeded users straight into the pool. No Cognito API sets SMS MFA the old way
 * (MFAOptions), and that is what makes cognito-local send an SMS code.
 */
export async function seedUsers(ctx: Context, pool: UserPoolService, users: readonly SeedUser[]): Promise<void> {
  const now = new Date();
  for (const seed of users) {
    const existing = await pool.getUserByUsername(ctx, seed.username);
    const attributes = [
      { Name: "sub", Value: existing ? subOf(existing.Attributes) : crypto.randomUUID() },
      { Name: "email", Value: seed.username },
      // A user who never confirmed the sign-up has not proved the address either.
      { Name: "email_verified", Value: seed.status === "UNCONFIRMED" ? "false" : "true" },
      ...(seed.phoneNumber ? [{ Name: "phone_number", Value: seed.phoneNumber }, { Name: "phone_number_verified", Value: "true" }] : []),
    ];
    // EMAIL_OTP is Cognito's name for e-mail MFA; the strict layer plays it (cognito-local has none).
    const mfaSettings = seed.mfa.map((type) => (type === "SMS" ? "SMS_MFA" : type === "TOTP" ? "SOFTWARE_TOKEN_MFA" : "EMAIL_OTP"));
    await pool.saveUser(ctx, {
      Username: seed.username,
      Password: seed.password,
      Attributes: attributes,
      Enabled: true,
      UserStatus: seed.status ?? (seed.mustChangePassword ? "FORCE_CHANGE_PASSWORD" : "CONFIRMED"),
      UserCreateDate: existing?.UserCreateDate ?? now,
      UserLastModifiedDate: now,
      RefreshTokens: [],
      ...(seed.mfa.includes("SMS") ? { MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }] } : {}),
      ...(mfaSettings.length ? { UserMFASettingList: mfaSettings, PreferredMfaSetting: mfaSettings.length === 1 ? mfaSettings[0] : undefined } : {}),
      ...(seed.totpSecret ? { SoftwareTokenMfaConfiguration: { Secret: seed.totpSecret, Verified: true } } : {}),
    });
  }
}

function subOf(attributes: Array<{ Name?: string; Value?: string }>): string {
  return attributes.find((attribute) => attribute.Name === "sub")?.Value ?? crypto.randomUUID();
}
