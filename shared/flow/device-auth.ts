import { AuthError } from "../errors/auth-error.js";
import type { AuthResponse, CognitoPort, UserContext } from "../cognito/cognito-port.js";
import { createSrpClient } from "../srp/index.js";

/** What a caller keeps for a confirmed device (secret: store it as carefully as a refresh token). */
export interface RememberedDevice {
  deviceKey: string;
  deviceGroupKey: string;
  /** The device's random password; only its verifier is at Cognito. */
  devicePassword: string;
}

/**
 * DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER → tokens: the device proves its secret by SRP,
 * with the device group key as the pool name and the device key as the user id. Cognito asks
 * this of a remembered device instead of MFA.
 */
export async function answerDeviceChallenge(input: {
  cognito: CognitoPort;
  device: RememberedDevice | undefined;
  response: AuthResponse & { kind: "challenge" };
  userContext: UserContext;
}): Promise<AuthResponse> {
  const { cognito, device, response, userContext } = input;
  if (!device) throw new AuthError("INTERNAL", { cause: new Error("Cognito asked DEVICE_SRP_AUTH of a sign-in that presented no device") });
  const username = response.parameters.USERNAME ?? response.parameters.USER_ID_FOR_SRP;
  if (!username) throw new AuthError("INTERNAL", { cause: new Error("DEVICE_SRP_AUTH lacks USERNAME") });
  const srp = createSrpClient();
  const verifier = await cognito.respondToChallenge({
    challengeName: "DEVICE_SRP_AUTH",
    ...(response.session ? { session: response.session } : {}),
    username,
    responses: { DEVICE_KEY: device.deviceKey, SRP_A: srp.srpA },
    userContext,
  });
  if (verifier.kind !== "challenge" || verifier.challengeName !== "DEVICE_PASSWORD_VERIFIER") {
    throw new AuthError("INTERNAL", { cause: new Error("DEVICE_SRP_AUTH was not followed by DEVICE_PASSWORD_VERIFIER") });
  }
  const { SRP_B, SALT, SECRET_BLOCK } = verifier.parameters;
  if (!SRP_B || !SALT || !SECRET_BLOCK) throw new AuthError("INTERNAL", { cause: new Error("DEVICE_PASSWORD_VERIFIER lacks SRP_B, SALT or SECRET_BLOCK") });
  let claim;
  try {
    claim = srp.passwordClaim({ poolName: device.deviceGroupKey, userId: device.deviceKey, password: device.devicePassword, challenge: { SRP_B, SALT, SECRET_BLOCK } });
  } catch (cause) {
    throw new AuthError("INTERNAL", { cause });
  }
  return cognito.respondToChallenge({
    challengeName: "DEVICE_PASSWORD_VERIFIER",
    ...(verifier.session ? { session: verifier.session } : {}),
    username,
    responses: { DEVICE_KEY: device.deviceKey, ...claim },
    userContext,
  });
}
