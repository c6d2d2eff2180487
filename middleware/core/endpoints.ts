import type { Endpoint } from "./endpoint.js";
import type { ResolvedOptions } from "./options.js";
import { confirmResetPassword, resetPassword } from "./routes/account/reset-password.js";
import { confirmSignUp, resendSignUpCode, signUp } from "./routes/account/sign-up.js";
import { updatePassword } from "./routes/account/update-password.js";
import { confirmUserAttribute, sendUserAttributeVerificationCode, updateUserAttributes, userAttributes } from "./routes/account/user-attributes.js";
import { mfaPreference, setUpTotp, updateMfaPreference, verifyTotpSetup } from "./routes/account/mfa.js";
import { confirmSignIn } from "./routes/confirm-sign-in.js";
import { forgetDevice, listDevices, rememberDevice } from "./routes/devices.js";
import { refresh } from "./routes/refresh.js";
import { resendCode } from "./routes/resend-code.js";
import { session } from "./routes/session.js";
import { signIn } from "./routes/sign-in.js";
import { signOut } from "./routes/sign-out.js";

/** The account routes (contract §1b), without and with a session. */
const SIGN_UP_ENDPOINTS: readonly Endpoint[] = [signUp, confirmSignUp, resendSignUpCode];
const ACCOUNT_ENDPOINTS: readonly Endpoint[] = [
  ...SIGN_UP_ENDPOINTS,
  resetPassword,
  confirmResetPassword,
  updatePassword,
  userAttributes,
  updateUserAttributes,
  confirmUserAttribute,
  sendUserAttributeVerificationCode,
  mfaPreference,
  updateMfaPreference,
  setUpTotp,
  verifyTotpSetup,
];

/** Every route the middleware serves below its mount point (docs/http-api.md describes them). */
export const ENDPOINTS: readonly Endpoint[] = [signIn, confirmSignIn, resendCode, refresh, signOut, session, listDevices, rememberDevice, forgetDevice, ...ACCOUNT_ENDPOINTS];

const BY_PATH = new Map(ENDPOINTS.map((endpoint) => [endpoint.path, endpoint]));
const SIGN_UP_PATHS = new Set(SIGN_UP_ENDPOINTS.map((endpoint) => endpoint.path));

/** The route at `path`, unless the host turned its group off (`routes.signUp: false`: not there at all, 404). */
export function endpointAt(path: string, options?: Pick<ResolvedOptions, "routes">): Endpoint | undefined {
  if (options && !options.routes.signUp && SIGN_UP_PATHS.has(path)) return undefined;
  return BY_PATH.get(path);
}
