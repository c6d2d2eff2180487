// Cognito's SRP-6a variant (USER_SRP_AUTH, DEVICE_SRP_AUTH), both sides, on Node's crypto.
export { createSrpClient, createDeviceSecret, poolNameOf, randomSecret, type SrpClient, type VerifierChallenge, type PasswordClaim, type DeviceSecret } from "./srp-client.js";
export { passwordVerifier, randomSalt, startServerSrp, checkPasswordClaim, isValidSrpA, type ServerSrp, type ClaimToCheck } from "./srp-server.js";
export { cognitoTimestamp, parseCognitoTimestamp, derivedKey, passwordClaimSignature, type PasswordClaimInput } from "./password-claim.js";
export { N, g, k, padHex, fromHex, scramblingParameter, privateKeyX } from "./group.js";
export { powG, modPow } from "./mod-pow.js";
