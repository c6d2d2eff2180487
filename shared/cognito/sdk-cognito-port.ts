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
import { toAuthError, type CognitoOperation } from "./exception-map.js";
import { secretHash } from "./secret-hash.js";

export interface SdkCognitoPortOptions {
  /** AWS region of the user pool, e.g. "eu-west-1". */
  region: string;
  /** The app client id. */
  clientId: string;
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

  /** Sends one command with an overall deadline and maps every failure to an AuthError. */
  async function call<T>(operation: CognitoOperation, send: (options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
    const abortController = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The race is the guarantee: whatever the transport does, the caller hears back in time.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abortController.abort();
        reject(Object.assign(new Error(`Cognito did not answer within ${timeoutMs} ms`), { name: "TimeoutError" }));
      }, timeoutMs);
    });
    try {
      return await Promise.race([send({ abortSignal: abortController.signal }), deadline]);
    } catch (error) {
      throw toAuthError(error, operation);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    clientId,

    async initiatePasswordAuth({ username, password, userContext }) {
      const command = new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password, ...hashFor(username) },
        ...contextData(userContext),
      });
      return toAuthResponse(await call("initiate", (o) => client.send(command, o)));
    },

    async respondToChallenge({ challengeName, session, username, responses, userContext }) {
      const command = new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: challengeName,
        Session: session,
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

    async refresh({ refreshToken, username }) {
      if (options.refreshTokenRotation) {
        const command = new GetTokensFromRefreshTokenCommand({
          ClientId: clientId,
          RefreshToken: refreshToken,
          ...(clientSecret ? { ClientSecret: clientSecret } : {}),
        });
        return toTokenSet((await call("refresh", (o) => client.send(command, o))).AuthenticationResult);
      }
      const command = new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken, ...hashFor(username) },
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
  };
}

function toAuthResponse(output: {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
}): AuthResponse {
  if (output.AuthenticationResult) return { kind: "tokens", tokens: toTokenSet(output.AuthenticationResult) };
  if (output.ChallengeName && output.Session) {
    return { kind: "challenge", challengeName: output.ChallengeName, session: output.Session, parameters: output.ChallengeParameters ?? {} };
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
