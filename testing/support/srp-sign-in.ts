import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
  type InitiateAuthCommandOutput,
  type RespondToAuthChallengeCommandOutput,
} from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../../shared/cognito/secret-hash.js";
import { createDeviceSecret, createSrpClient, poolNameOf, type DeviceSecret } from "../../shared/srp/index.js";
import type { LocalCognito } from "../../shared/local-cognito/local-cognito.js";

/** Which app client a test signs in with: the server one sends SECRET_HASH. */
export type ClientChoice = "server" | "public";

/** SDK calls on the local Cognito for one app client, with SRP done by shared/srp. */
export function srpSdk(local: LocalCognito, sdk: CognitoIdentityProviderClient, which: ClientChoice) {
  const clientId = which === "server" ? local.serverClient.clientId : local.publicClientId;
  const hash = (username: string): Record<string, string> => (which === "server" ? { SECRET_HASH: secretHash(username, clientId, local.serverClient.clientSecret) } : {});
  const poolName = poolNameOf(local.userPoolId);

  return {
    clientId,
    hash,
    /** USER_SRP_AUTH then PASSWORD_VERIFIER; returns Cognito's answer to the password claim. */
    async signIn(username: string, password: string, deviceKey?: string): Promise<RespondToAuthChallengeCommandOutput> {
      const client = createSrpClient();
      const started = await sdk.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: username, SRP_A: client.srpA, ...hash(username), ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
        }),
      );
      const parameters = started.ChallengeParameters!;
      const userId = parameters.USER_ID_FOR_SRP!;
      const claim = client.passwordClaim({ poolName, userId, password, challenge: { SRP_B: parameters.SRP_B!, SALT: parameters.SALT!, SECRET_BLOCK: parameters.SECRET_BLOCK! } });
      return sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "PASSWORD_VERIFIER",
          ChallengeResponses: { USERNAME: userId, ...claim, ...hash(userId), ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
        }),
      );
    },
    /** USER_PASSWORD_AUTH. */
    passwordSignIn(username: string, password: string, deviceKey?: string): Promise<InitiateAuthCommandOutput> {
      return sdk.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: username, PASSWORD: password, ...hash(username), ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
        }),
      );
    },
    /** Answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER with the device's secret. */
    async proveDevice(username: string, device: { key: string; groupKey: string; secret: DeviceSecret }, session: string): Promise<RespondToAuthChallengeCommandOutput> {
      const client = createSrpClient();
      const step = await sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "DEVICE_SRP_AUTH",
          Session: session,
          ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.key, SRP_A: client.srpA, ...hash(username) },
        }),
      );
      const parameters = step.ChallengeParameters!;
      const claim = client.passwordClaim({
        poolName: device.groupKey,
        userId: device.key,
        password: device.secret.devicePassword,
        challenge: { SRP_B: parameters.SRP_B!, SALT: parameters.SALT!, SECRET_BLOCK: parameters.SECRET_BLOCK! },
      });
      return sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "DEVICE_PASSWORD_VERIFIER",
          Session: step.Session,
          ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.key, ...claim, ...hash(username) },
        }),
      );
    },
  };
}

/** A new device's secret, as a client makes it for ConfirmDevice. */
export function deviceSecretFor(metadata: { DeviceKey?: string; DeviceGroupKey?: string }) {
  return { key: metadata.DeviceKey!, groupKey: metadata.DeviceGroupKey!, secret: createDeviceSecret(metadata.DeviceGroupKey!, metadata.DeviceKey!) };
}
