import { randomBytes } from "node:crypto";
import { fromHex, k, mod, N, padHex, privateKeyX, scramblingParameter } from "./group.js";
import { modPow, powG } from "./mod-pow.js";
import { cognitoTimestamp, derivedKey, passwordClaimSignature } from "./password-claim.js";

/** What Cognito sent with PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER. */
export interface VerifierChallenge {
  SRP_B: string;
  SALT: string;
  SECRET_BLOCK: string;
}

/** The answer to PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER (add USERNAME, DEVICE_KEY, SECRET_HASH). */
export interface PasswordClaim {
  PASSWORD_CLAIM_SECRET_BLOCK: string;
  PASSWORD_CLAIM_SIGNATURE: string;
  TIMESTAMP: string;
}

/** One SRP sign-in attempt on the client side: a fresh secret a, and A = g^a to send as SRP_A. */
export interface SrpClient {
  /** SRP_A, as hex. */
  readonly srpA: string;
  /**
   * Proves the password: `poolName` is the user pool id after "_" (or the device group key),
   * `userId` is USER_ID_FOR_SRP (or the device key).
   */
  passwordClaim(input: { poolName: string; userId: string; password: string; challenge: VerifierChallenge; now?: Date }): PasswordClaim;
}

/** The "pool name" SRP signs over: the user pool id after the "_" (us-east-1_AbC123 → AbC123). */
export function poolNameOf(userPoolId: string): string {
  const name = userPoolId.split("_")[1];
  if (!name) throw new RangeError(`not a user pool id: ${userPoolId}`);
  return name;
}

/** Starts a client-side SRP exchange. `smallA` is for known-answer tests only. */
export function createSrpClient(smallA: bigint = randomSecret()): SrpClient {
  const a = smallA;
  const A = powG(a);
  return {
    srpA: A.toString(16),
    passwordClaim({ poolName, userId, password, challenge, now }) {
      const B = fromHex(challenge.SRP_B);
      if (B % N === 0n) throw new RangeError("SRP_B mod N is 0");
      const u = scramblingParameter(A, B);
      if (u === 0n) throw new RangeError("u is 0");
      const x = privateKeyX(poolName, userId, password, fromHex(challenge.SALT));
      const S = modPow(mod(B - k * powG(x)), a + u * x);
      const timestamp = cognitoTimestamp(now);
      const key = derivedKey(S, u);
      return {
        PASSWORD_CLAIM_SECRET_BLOCK: challenge.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: passwordClaimSignature(key, { poolName, userId, secretBlock: challenge.SECRET_BLOCK, timestamp }),
        TIMESTAMP: timestamp,
      };
    },
  };
}

/**
 * A random 256-bit secret exponent. RFC 5054 (2.5.4) asks for at least 256 bits; Cognito's own
 * clients draw 1024, which only makes both exponentiations several times slower (the bench's
 * section 7 measures it) without a security gain at this group size's ~128-bit strength.
 */
export function randomSecret(): bigint {
  return BigInt(`0x${randomBytes(32).toString("hex")}`);
}

/** What a client keeps for a confirmed device, and what it sends to ConfirmDevice. */
export interface DeviceSecret {
  /** Keep (secret): the device's random password, needed for DEVICE_SRP_AUTH later. */
  devicePassword: string;
  /** Send as ConfirmDevice's DeviceSecretVerifierConfig. */
  verifierConfig: { PasswordVerifier: string; Salt: string };
}

/**
 * Makes a device's secret after a sign-in that returned NewDeviceMetadata: a random password,
 * a random salt and the verifier g^x (x from device group key + device key + password).
 * `random` is for known-answer tests only.
 */
export function createDeviceSecret(deviceGroupKey: string, deviceKey: string, random?: { password: string; salt: Buffer }): DeviceSecret {
  const devicePassword = random?.password ?? randomBytes(40).toString("base64");
  const salt = fromHex((random?.salt ?? randomBytes(16)).toString("hex"));
  const verifier = powG(privateKeyX(deviceGroupKey, deviceKey, devicePassword, salt));
  return {
    devicePassword,
    verifierConfig: {
      PasswordVerifier: Buffer.from(padHex(verifier), "hex").toString("base64"),
      Salt: Buffer.from(padHex(salt), "hex").toString("base64"),
    },
  };
}
