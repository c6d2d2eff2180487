import {
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
  VerifyUserAttributeCommand,
  type AttributeType,
  type CodeDeliveryDetailsType,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthError } from "../errors/auth-error.js";
import type { AccountPort, MfaSetting, RawCodeDelivery } from "./account-port.js";
import { createSdkCall } from "./sdk-call.js";
import { createCognitoClient, type SdkClientOptions } from "./sdk-client.js";
import { secretHash } from "./secret-hash.js";

export interface SdkAccountPortOptions extends SdkClientOptions {
  /** The app client id. */
  clientId: string;
  /** The app client's secret, when it has one: SECRET_HASH is then sent with every call that names a user. */
  clientSecret?: string;
  /** A ready client (tests pass one to inject faults); region, endpoint and retries are then its own. */
  client?: CognitoIdentityProviderClient;
}

/** The production AccountPort: the AWS SDK v3 with a deadline per call and SECRET_HASH. */
export function createSdkAccountPort(options: SdkAccountPortOptions): AccountPort {
  const client = options.client ?? createCognitoClient(options);
  const call = createSdkCall(options.timeoutMs ?? 5000);
  const { clientId, clientSecret } = options;
  const hashFor = (username: string) => (clientSecret ? { SecretHash: secretHash(username, clientId, clientSecret) } : {});

  return {
    clientId,

    async signUp({ username, password, attributes }) {
      const command = new SignUpCommand({ ClientId: clientId, Username: username, Password: password, UserAttributes: toAttributeList(attributes), ...hashFor(username) });
      const output = await call("sign-up", (o) => client.send(command, o));
      return {
        userConfirmed: output.UserConfirmed === true,
        ...(output.UserSub ? { userSub: output.UserSub } : {}),
        ...delivery(output.CodeDeliveryDetails),
        ...(output.Session ? { session: output.Session } : {}),
      };
    },

    async confirmSignUp({ username, code, session }) {
      const command = new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code, ...(session ? { Session: session } : {}), ...hashFor(username) });
      const output = await call("confirm-sign-up", (o) => client.send(command, o));
      return output.Session ? { session: output.Session } : {};
    },

    async signInAfterSignUp({ username, session }) {
      const command = new InitiateAuthCommand({ AuthFlow: "USER_AUTH", ClientId: clientId, Session: session, AuthParameters: { USERNAME: username, ...(clientSecret ? { SECRET_HASH: secretHash(username, clientId, clientSecret) } : {}) } });
      const result = (await call("initiate", (o) => client.send(command, o))).AuthenticationResult;
      // A pool that asks for MFA even now: the caller falls back to a normal sign-in.
      if (!result) throw new AuthError("NOT_AUTHORIZED", { cause: new Error("USER_AUTH after sign-up asked for a challenge") });
      if (!result.AccessToken || !result.IdToken) throw malformed("AuthenticationResult");
      return { accessToken: result.AccessToken, idToken: result.IdToken, ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}), expiresIn: result.ExpiresIn ?? 3600 };
    },

    async resendConfirmationCode({ username }) {
      const command = new ResendConfirmationCodeCommand({ ClientId: clientId, Username: username, ...hashFor(username) });
      return delivery((await call("resend-sign-up-code", (o) => client.send(command, o))).CodeDeliveryDetails);
    },

    async forgotPassword({ username }) {
      const command = new ForgotPasswordCommand({ ClientId: clientId, Username: username, ...hashFor(username) });
      return delivery((await call("reset-password", (o) => client.send(command, o))).CodeDeliveryDetails);
    },

    async confirmForgotPassword({ username, code, newPassword }) {
      const command = new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: username, ConfirmationCode: code, Password: newPassword, ...hashFor(username) });
      await call("confirm-reset-password", (o) => client.send(command, o));
    },

    async changePassword({ accessToken, previousPassword, proposedPassword }) {
      const command = new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: previousPassword, ProposedPassword: proposedPassword });
      await call("update-password", (o) => client.send(command, o));
    },

    async getUser({ accessToken }) {
      const output = await call("get-user", (o) => client.send(new GetUserCommand({ AccessToken: accessToken }), o));
      if (!output.Username) throw malformed("GetUser");
      return {
        username: output.Username,
        attributes: fromAttributeList(output.UserAttributes),
        mfaSettings: output.UserMFASettingList ?? [],
        ...(output.PreferredMfaSetting ? { preferredMfa: output.PreferredMfaSetting } : {}),
      };
    },

    async updateUserAttributes({ accessToken, attributes }) {
      const command = new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: toAttributeList(attributes) });
      const output = await call("update-user-attributes", (o) => client.send(command, o));
      return { deliveries: (output.CodeDeliveryDetailsList ?? []).map(toRaw) };
    },

    async getUserAttributeVerificationCode({ accessToken, attributeName }) {
      const command = new GetUserAttributeVerificationCodeCommand({ AccessToken: accessToken, AttributeName: attributeName });
      return delivery((await call("send-attribute-code", (o) => client.send(command, o))).CodeDeliveryDetails);
    },

    async verifyUserAttribute({ accessToken, attributeName, code }) {
      const command = new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: attributeName, Code: code });
      await call("confirm-user-attribute", (o) => client.send(command, o));
    },

    async setUserMfaPreference({ accessToken, sms, totp, email }) {
      const command = new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        ...(sms ? { SMSMfaSettings: toSdkSetting(sms) } : {}),
        ...(totp ? { SoftwareTokenMfaSettings: toSdkSetting(totp) } : {}),
        ...(email ? { EmailMfaSettings: toSdkSetting(email) } : {}),
      });
      await call("update-mfa-preference", (o) => client.send(command, o));
    },

    async associateSoftwareToken({ accessToken }) {
      const output = await call("set-up-totp", (o) => client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }), o));
      if (!output.SecretCode) throw malformed("AssociateSoftwareToken");
      return { secretCode: output.SecretCode };
    },

    async verifySoftwareToken({ accessToken, code, friendlyDeviceName }) {
      const command = new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code, ...(friendlyDeviceName ? { FriendlyDeviceName: friendlyDeviceName } : {}) });
      const output = await call("verify-totp-setup", (o) => client.send(command, o));
      // Cognito answers a wrong code with an exception, but "ERROR" is in its API too.
      if (output.Status !== "SUCCESS") throw new AuthError("CODE_MISMATCH");
    },
  };
}

function toAttributeList(attributes: Record<string, string>): AttributeType[] {
  return Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
}

function fromAttributeList(list: AttributeType[] | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const { Name, Value } of list ?? []) if (Name && Value !== undefined) attributes[Name] = Value;
  return attributes;
}

function toRaw(details: CodeDeliveryDetailsType): RawCodeDelivery {
  return {
    ...(details.DeliveryMedium ? { deliveryMedium: details.DeliveryMedium } : {}),
    ...(details.Destination ? { destination: details.Destination } : {}),
    ...(details.AttributeName ? { attributeName: details.AttributeName } : {}),
  };
}

function delivery(details: CodeDeliveryDetailsType | undefined): { delivery?: RawCodeDelivery } {
  return details ? { delivery: toRaw(details) } : {};
}

function toSdkSetting(setting: MfaSetting): { Enabled?: boolean; PreferredMfa?: boolean } {
  return { ...(setting.enabled !== undefined ? { Enabled: setting.enabled } : {}), ...(setting.preferred !== undefined ? { PreferredMfa: setting.preferred } : {}) };
}

function malformed(what: string): AuthError {
  return new AuthError("INTERNAL", { cause: new Error(`Cognito returned a malformed ${what} response`) });
}
