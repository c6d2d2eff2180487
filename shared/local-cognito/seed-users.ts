/**
 * The users the local Cognito starts with. The README lists them; each shows one step of the
 * flow. Passwords meet Cognito's default policy.
 */
export interface SeedUser {
  username: string;
  password: string;
  phoneNumber?: string;
  /** Which MFA the user has set up. */
  mfa: Array<"SMS" | "TOTP" | "EMAIL">;
  /** FORCE_CHANGE_PASSWORD: the first sign-in asks for a new password. */
  mustChangePassword?: boolean;
  /** Without MFA, must set up an authenticator app at sign-in (as in a pool where MFA is required). */
  mfaSetupRequired?: boolean;
  /** An account state other than CONFIRMED: an admin asked for a reset, or the sign-up was never confirmed. */
  status?: "RESET_REQUIRED" | "UNCONFIRMED";
  /** A fixed TOTP secret (Base32), so a person can add it to an authenticator app. */
  totpSecret?: string;
  description: string;
}

export const SEED_USERS: readonly SeedUser[] = [
  { username: "demo@example.com", password: "Demo-Passw0rd!", phoneNumber: "+15555550100", mfa: ["SMS"], description: "SMS MFA on: sign-in asks for an SMS code" },
  { username: "plain@example.com", password: "Plain-Passw0rd!", mfa: [], description: "no MFA: signed in at once" },
  {
    username: "newpass@example.com",
    password: "Temp-Passw0rd!",
    mfa: [],
    mustChangePassword: true,
    description: "temporary password: sign-in asks for a new password",
  },
  {
    username: "totp@example.com",
    password: "Totp-Passw0rd!",
    mfa: ["TOTP"],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    description: "authenticator app (TOTP): sign-in asks for a TOTP code",
  },
  {
    username: "mail@example.com",
    password: "Mail-Passw0rd!",
    mfa: ["EMAIL"],
    description: "e-mail MFA (EMAIL_OTP): sign-in asks for a code sent by e-mail",
  },
  {
    username: "setup@example.com",
    password: "Setup-Passw0rd!",
    mfa: [],
    mfaSetupRequired: true,
    description: "MFA required but none set up: sign-in walks through authenticator-app (TOTP) set-up",
  },
  {
    username: "choice@example.com",
    password: "Choice-Passw0rd!",
    phoneNumber: "+15555550111",
    mfa: ["SMS", "TOTP"],
    totpSecret: "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
    description: "SMS and TOTP: sign-in asks which one to use",
  },
  {
    username: "reset@example.com",
    password: "Reset-Passw0rd!",
    mfa: [],
    status: "RESET_REQUIRED",
    description: "an admin asked for a reset: sign-in gives RESET_PASSWORD (a code by e-mail, then a new password)",
  },
  {
    username: "unconfirmed@example.com",
    password: "Unconfirmed-Passw0rd!",
    mfa: [],
    status: "UNCONFIRMED",
    description: "signed up, never confirmed: sign-in gives CONFIRM_SIGN_UP (resend the code, then confirm)",
  },
  {
    username: "passwordless@example.com",
    password: "Passwordless-Passw0rd!",
    phoneNumber: "+15555550122",
    mfa: [],
    description: "verified e-mail and phone, no MFA: USER_AUTH signs in with an e-mail or SMS code instead of the password",
  },
];
