import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthError } from "../errors/auth-error.js";
import type { AuthResponse, CognitoPort, TokenSet, UserContext } from "./cognito-port.js";
import { createSdkCall } from "./sdk-call.js";
import { sdkDeviceCalls } from "./sdk-device-calls.js";
import { secretHash } from "./secret-hash.js";

export interface SdkCognitoPortOptions {
  /** AWS region of the user pool, e.g. "eu-west-1". */
  region: string;
  /** The app client id. */
  clientId: string;
  /** The user pool id ("eu-west-1_Abc123"): needed for USER_SRP_AUTH, the flow's default. */
  userPoolId?: string;
  /** The app client's secret, when it has one: SECRET_HASH is then sent with every call. */
  clientSecret?: string;
  /** Overrides the Cognito endpoint (the local Cognito, a VPC endpoint). */
  endpoint?: string;
  /**
   * Upper bound for one Cognito call, retries included, in milliseconds. The SDK has no
   * timeout by default, so a stalled connection would hang the sign-in. Default 5000.
   */
  timeoutMs?: number;
  /** Attempts per call for throttling, 5xx and network errors (the SDK's standard retry). Default 3. */
  maxAttempts?: number;
  /** Use GetTokensFromRefreshToken (for app clients with refresh-token rotation on). Default false. */
  refreshTokenRotation?: boolean;
  /** A ready client (tests pass one to inject faults); the options above then only set the call timeout. */
  client?: CognitoIdentityProviderClient;
}

/** The production CognitoPort: the AWS SDK v3 with timeouts, bounded retries and SECRET_HASH. */
export function createSdkCognitoPort(options: SdkCognitoPortOptions): CognitoPort {
  const timeoutMs = options.timeoutMs ?? 5000;
  const client =
    options.client ??
    new CognitoIdentityProviderClient({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
      // The public Cognito user-pool APIs are unsigned; static dummy credentials stop the SDK
      // from searching the machine (and the instance metadata service) for real ones.
      credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
    });
  const { clientId, clientSecret } = options;
  const hashFor = (username: string): Record<string, string> =>
    clientSecret ? { SECRET_HASH: secretHash(username, clientId, clientSecret) } : {};
  const contextData = (userContext?: UserContext) =>
    userContext?.ipAddress ? { UserContextData: { IpAddress: userContext.ipAddress } } : {};

  const call = createSdkCall(timeoutMs);

  return {
    clientId,
    ...(options.userPoolId ? { userPoolId: options.userPoolId } : {}),

    async initiateAuth({ authFlow, username, parameters, userContext }) {
      const command = new InitiateAuthCommand({
        AuthFlow: authFlow,
        ClientId: clientId,
        AuthParameters: { ...parameters, USERNAME: username, ...hashFor(username) },
        ...contextData(userContext),
      });
      return toAuthResponse(await call("initiate", (o) => client.send(command, o)));
    },

    async respondToChallenge({ challengeName, session, username, responses, userContext }) {
      const command = new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: challengeName,
        ...(session ? { Session: session } : {}),
        ChallengeResponses: { USERNAME: username, ...responses, ...hashFor(username) },
        ...contextData(userContext),
      });
      return toAuthResponse(await call("respond", (o) => client.send(command, o)));
    },

    async associateSoftwareToken({ session }) {
      const command = new AssociateSoftwareTokenCommand({ Session: session });
      const output = await call("associate", (o) => client.send(command, o));
      if (!output.SecretCode || !output.Session) throw malformed("AssociateSoftwareToken");
      return { secretCode: output.SecretCode, session: output.Session };
    },

    async verifySoftwareToken({ session, code, friendlyDeviceName }) {
      const command = new VerifySoftwareTokenCommand({
        Session: session,
        UserCode: code,
        ...(friendlyDeviceName ? { FriendlyDeviceName: friendlyDeviceName } : {}),
      });
      const output = await call("verify", (o) => client.send(command, o));
      if (output.Status !== "SUCCESS" || !output.Session) throw new AuthError("CODE_MISMATCH");
      return { session: output.Session };
    },

    async refresh({ refreshToken, username, deviceKey }) {
      if (options.refreshTokenRotation) {
        const command = new GetTokensFromRefreshTokenCommand({
          ClientId: clientId,
          RefreshToken: refreshToken,
          ...(clientSecret ? { ClientSecret: clientSecret } : {}),
          ...(deviceKey ? { DeviceKey: deviceKey } : {}),
        });
        return toTokenSet((await call("refresh", (o) => client.send(command, o))).AuthenticationResult);
      }
      const command = new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken, ...hashFor(username), ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
      });
      return toTokenSet((await call("refresh", (o) => client.send(command, o))).AuthenticationResult);
    },

    async revoke({ refreshToken }) {
      const command = new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken, ...(clientSecret ? { ClientSecret: clientSecret } : {}) });
      await call("revoke", (o) => client.send(command, o));
    },

    async globalSignOut({ accessToken }) {
      await call("global-sign-out", (o) => client.send(new GlobalSignOutCommand({ AccessToken: accessToken }), o));
    },

    ...sdkDeviceCalls(client, call),
  };
}

function toAuthResponse(output: {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AvailableChallenges?: string[];
  AuthenticationResult?: AuthenticationResultType;
}): AuthResponse {
  if (output.AuthenticationResult) {
    const device = output.AuthenticationResult.NewDeviceMetadata;
    const newDevice = device?.DeviceKey && device.DeviceGroupKey ? { deviceKey: device.DeviceKey, deviceGroupKey: device.DeviceGroupKey } : undefined;
    return { kind: "tokens", tokens: toTokenSet(output.AuthenticationResult), ...(newDevice ? { newDevice } : {}) };
  }
  // PASSWORD_VERIFIER is the one challenge Cognito may send without a Session (SECRET_BLOCK carries it).
  if (output.ChallengeName && (output.Session || output.ChallengeName === "PASSWORD_VERIFIER")) {
    return {
      kind: "challenge",
      challengeName: output.ChallengeName,
      ...(output.Session ? { session: output.Session } : {}),
      parameters: output.ChallengeParameters ?? {},
      ...(output.AvailableChallenges ? { availableChallenges: output.AvailableChallenges } : {}),
    };
  }
  // A malformed answer must never become a session.
  throw malformed("InitiateAuth/RespondToAuthChallenge");
}

function toTokenSet(result: AuthenticationResultType | undefined): TokenSet {
  if (!result?.AccessToken || !result.IdToken) throw malformed("AuthenticationResult");
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    expiresIn: result.ExpiresIn ?? 3600,
  };
}

function malformed(what: string): AuthError {
  return new AuthError("INTERNAL", { cause: new Error(`Cognito returned a malformed ${what} response`) });
}
