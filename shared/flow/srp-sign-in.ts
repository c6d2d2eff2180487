import { AuthError } from "../errors/auth-error.js";
import type { AuthResponse, CognitoPort, UserContext } from "../cognito/cognito-port.js";
import { createSrpClient, poolNameOf, type SrpClient } from "../srp/index.js";

/**
 * Called by `signIn` / `resendCode` once, before the Cognito call that may make Cognito send an
 * SMS or e-mail code. Throwing (e.g. an AuthError RATE_LIMITED) stops the sign-in before any
 * code goes out. With SRP (USER_SRP_AUTH, USER_AUTH with PASSWORD_SRP) it comes after
 * PASSWORD_VERIFIER, and `username` is Cognito's own name for the user (USER_ID_FOR_SRP, the
 * same for every alias typed): `source: "cognito"`. Where Cognito may send the code in answer
 * to InitiateAuth itself (USER_PASSWORD_AUTH, USER_AUTH with PASSWORD / SMS_OTP / EMAIL_OTP)
 * it comes before InitiateAuth with the typed name: `source: "typed"`.
 */
export type BeforeCodeMaySend = (account: { username: string; source: "cognito" | "typed" }) => Promise<void>;

/** A fresh SRP exchange: send `srp.srpA` as SRP_A, then answer PASSWORD_VERIFIER with it. */
export function startSrp(): SrpClient {
  return createSrpClient();
}

/**
 * PASSWORD_VERIFIER → RespondToAuthChallenge with the password claim. USERNAME and SECRET_HASH
 * use USER_ID_FOR_SRP, which differs from the typed name when e-mail or phone is an alias.
 */
export async function answerPasswordVerifier(input: {
  cognito: CognitoPort;
  srp: SrpClient;
  response: AuthResponse & { kind: "challenge" };
  password: string;
  deviceKey?: string | undefined;
  beforeCodeMaySend?: BeforeCodeMaySend | undefined;
  userContext: UserContext;
}): Promise<AuthResponse> {
  const { cognito, srp, response, password, deviceKey } = input;
  const { USER_ID_FOR_SRP: userId, SRP_B, SALT, SECRET_BLOCK } = response.parameters;
  if (!userId || !SRP_B || !SALT || !SECRET_BLOCK) throw new AuthError("INTERNAL", { cause: new Error("PASSWORD_VERIFIER lacks USER_ID_FOR_SRP, SRP_B, SALT or SECRET_BLOCK") });
  let claim;
  try {
    claim = srp.passwordClaim({ poolName: poolNameOf(cognito.userPoolId ?? ""), userId, password, challenge: { SRP_B, SALT, SECRET_BLOCK } });
  } catch (cause) {
    // No pool id on the port (createFlow refuses that), or an SRP_B that fails the safety checks.
    throw new AuthError("INTERNAL", { cause });
  }
  // The seam for the limits: the user is named now, and the next call may send a code.
  await input.beforeCodeMaySend?.({ username: userId, source: "cognito" });
  return cognito.respondToChallenge({
    challengeName: "PASSWORD_VERIFIER",
    ...(response.session ? { session: response.session } : {}),
    username: userId,
    responses: { ...claim, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
    userContext: input.userContext,
  });
}
