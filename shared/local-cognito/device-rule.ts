import { randomBytes, randomUUID } from "node:crypto";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { checkPasswordClaim, fromHex, isValidSrpA, startServerSrp, type ServerSrp } from "../srp/index.js";
import type { AccessTokenClaims } from "./access-token-rule.js";

// Device tracking, which cognito-local lacks, as a pool with ChallengeRequiredOnNewDevice and
// DeviceOnlyRememberedOnUserPrompt has it: every sign-in from an unknown device gets
// NewDeviceMetadata; the client confirms the device with a verifier of a secret only it
// knows; once the user asks to remember it, a sign-in that presents its DEVICE_KEY proves
// that secret by SRP (DEVICE_SRP_AUTH) instead of answering MFA.

interface Device {
  key: string;
  groupKey: string;
  username: string;
  /** Set by ConfirmDevice. */
  verifier?: bigint;
  salt?: bigint;
  name?: string;
  remembered: boolean;
  createdAt: number;
  modifiedAt: number;
  lastAuthenticatedAt: number;
}

/** What a DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER Session stands for. */
export interface DeviceSession {
  username: string;
  deviceKey: string;
  srp?: { srpA: string; server: ServerSrp; secretBlock: string };
}

type SignInResponse = { AuthenticationResult?: Record<string, unknown> & { RefreshToken?: string } } & Record<string, unknown>;

const notFound = () => new CognitoError("ResourceNotFoundException", "Device does not exist.");
const incorrect = () => new CognitoError("NotAuthorizedException", "Incorrect username or password.");
const seconds = (ms: number) => ms / 1000;

export function createDeviceRule(services: Services, options: { region: string; now: () => number }) {
  const devices = new Map<string, Device>();
  const groupKeys = new Map<string, string>();
  /** Refresh token → the device it was issued to. */
  const refreshDevice = new Map<string, string>();

  const confirmed = (device: Device | undefined): device is Device & { verifier: bigint; salt: bigint } => device?.verifier !== undefined;
  const ownDevice = (username: string, key: unknown) => {
    const device = typeof key === "string" ? devices.get(key) : undefined;
    return device && device.username === username ? device : undefined;
  };
  const deviceOf = (claims: AccessTokenClaims, key: unknown) => {
    const device = ownDevice(claims.username, key);
    if (!device) throw notFound();
    return device;
  };

  function newDevice(username: string): Device {
    let groupKey = groupKeys.get(username);
    if (!groupKey) {
      groupKey = `-${randomBytes(6).toString("base64url")}`;
      groupKeys.set(username, groupKey);
    }
    const now = options.now();
    const device: Device = { key: `${options.region}_${randomUUID()}`, groupKey, username, remembered: false, createdAt: now, modifiedAt: now, lastAuthenticatedAt: now };
    devices.set(device.key, device);
    return device;
  }

  function describe(device: Device) {
    return {
      DeviceKey: device.key,
      DeviceAttributes: [
        { Name: "device_status", Value: "valid" },
        { Name: "device_name", Value: device.name ?? "" },
        { Name: "dev:device_remembered_status", Value: device.remembered ? "remembered" : "not_remembered" },
        { Name: "last_ip_used", Value: "127.0.0.1" },
      ],
      DeviceCreateDate: seconds(device.createdAt),
      DeviceLastModifiedDate: seconds(device.modifiedAt),
      DeviceLastAuthenticatedDate: seconds(device.lastAuthenticatedAt),
    };
  }

  return {
    /**
     * Rule: a successful sign-in names its device. A DEVICE_KEY of a confirmed device of this
     * user keeps that device; otherwise the result carries NewDeviceMetadata for a new one.
     * The refresh token is bound to the device either way.
     */
    finishSignIn<T extends SignInResponse>(username: string, response: T, presentedKey: unknown): T {
      const result = response?.AuthenticationResult;
      if (!result?.RefreshToken) return response;
      const known = ownDevice(username, presentedKey);
      if (confirmed(known)) {
        known.lastAuthenticatedAt = options.now();
        refreshDevice.set(result.RefreshToken, known.key);
        return response;
      }
      const device = newDevice(username);
      refreshDevice.set(result.RefreshToken, device.key);
      return { ...response, AuthenticationResult: { ...result, NewDeviceMetadata: { DeviceKey: device.key, DeviceGroupKey: device.groupKey } } };
    },

    /**
     * Rule: a remembered device of this user is challenged with DEVICE_SRP_AUTH instead of MFA.
     * Only for CONFIRMED users: a new password or a reset still comes first.
     */
    async challengeForRememberedDevice(ctx: Context, clientId: string, username: unknown, presentedKey: unknown): Promise<{ response: Record<string, unknown>; session: DeviceSession } | undefined> {
      if (typeof username !== "string") return undefined;
      const device = ownDevice(username, presentedKey);
      if (!confirmed(device) || !device.remembered) return undefined;
      const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
      const user = await pool.getUserByUsername(ctx, username);
      if (user?.UserStatus !== "CONFIRMED" || user.Enabled === false) return undefined;
      return {
        response: { ChallengeName: "DEVICE_SRP_AUTH", ChallengeParameters: { USERNAME: username, USER_ID_FOR_SRP: username }, Session: randomUUID() },
        session: { username, deviceKey: device.key },
      };
    },

    /** DEVICE_SRP_AUTH answer (DEVICE_KEY, SRP_A) → DEVICE_PASSWORD_VERIFIER (SRP_B, SALT, SECRET_BLOCK). */
    passwordVerifierChallenge(session: DeviceSession, responses: Record<string, unknown>): { response: Record<string, unknown>; session: DeviceSession } {
      const device = ownDevice(session.username, responses.DEVICE_KEY);
      if (!confirmed(device) || device.key !== session.deviceKey) throw notFound();
      if (!isValidSrpA(responses.SRP_A)) throw new CognitoError("InvalidParameterException", "Missing required parameter SRP_A");
      const server = startServerSrp(device.verifier);
      const secretBlock = randomBytes(96).toString("base64");
      return {
        response: {
          ChallengeName: "DEVICE_PASSWORD_VERIFIER",
          ChallengeParameters: { SRP_B: server.srpB, SALT: device.salt.toString(16), SECRET_BLOCK: secretBlock, USERNAME: session.username, DEVICE_KEY: device.key },
          Session: randomUUID(),
        },
        session: { ...session, srp: { srpA: responses.SRP_A, server, secretBlock } },
      };
    },

    /** DEVICE_PASSWORD_VERIFIER answer: the device proves its secret → tokens, no MFA. */
    async verifyDevice(ctx: Context, clientId: string, session: DeviceSession, responses: Record<string, unknown>) {
      const device = ownDevice(session.username, session.deviceKey);
      if (!confirmed(device) || !session.srp) throw notFound();
      if (responses.PASSWORD_CLAIM_SECRET_BLOCK !== session.srp.secretBlock || typeof responses.TIMESTAMP !== "string") throw incorrect();
      const proven = checkPasswordClaim({
        verifier: device.verifier,
        server: session.srp.server,
        srpA: session.srp.srpA,
        poolName: device.groupKey,
        userId: device.key,
        secretBlock: session.srp.secretBlock,
        timestamp: responses.TIMESTAMP,
        signature: responses.PASSWORD_CLAIM_SIGNATURE,
      });
      if (!proven) throw incorrect();
      const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
      const client = await services.cognito.getAppClient(ctx, clientId);
      const user = await pool.getUserByUsername(ctx, session.username);
      if (!user || !client) throw incorrect();
      const groups = await pool.listUserGroupMembership(ctx, user);
      const tokens = await services.tokenGenerator.generate(ctx, user, groups, client, undefined, "Authentication");
      await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
      device.lastAuthenticatedAt = options.now();
      refreshDevice.set(tokens.RefreshToken, device.key);
      return { ChallengeParameters: {}, AuthenticationResult: { ...tokens, ExpiresIn: client.AccessTokenValidity ?? 3600, TokenType: "Bearer" } };
    },

    /**
     * Rule: a refresh token issued to a device that has since been confirmed needs that
     * device's DEVICE_KEY; tokens of devices never confirmed refresh without one.
     */
    checkRefresh(refreshToken: unknown, presentedKey: unknown): void {
      const key = typeof refreshToken === "string" ? refreshDevice.get(refreshToken) : undefined;
      if (key && confirmed(devices.get(key)) && presentedKey !== key) throw new CognitoError("NotAuthorizedException", "Invalid Refresh Token");
    },

    /** Rule: a refresh keeps the device binding for the token it issues (GetTokensFromRefreshToken rotates). */
    carryRefresh(oldToken: unknown, newToken: unknown): void {
      const key = typeof oldToken === "string" ? refreshDevice.get(oldToken) : undefined;
      if (key && typeof newToken === "string") refreshDevice.set(newToken, key);
    },

    /** The device calls, for the user the (verified) access token names. */
    calls: {
      ConfirmDevice(claims: AccessTokenClaims, req: Record<string, any>) {
        const device = deviceOf(claims, req.DeviceKey);
        const config = req.DeviceSecretVerifierConfig ?? {};
        if (typeof config.PasswordVerifier !== "string" || typeof config.Salt !== "string") {
          throw new CognitoError("InvalidParameterException", "DeviceSecretVerifierConfig needs PasswordVerifier and Salt");
        }
        device.verifier = fromHex(Buffer.from(config.PasswordVerifier, "base64").toString("hex") || "0");
        device.salt = fromHex(Buffer.from(config.Salt, "base64").toString("hex") || "0");
        if (device.verifier === 0n) throw new CognitoError("InvalidParameterException", "Invalid PasswordVerifier");
        if (typeof req.DeviceName === "string") device.name = req.DeviceName;
        device.modifiedAt = options.now();
        // DeviceOnlyRememberedOnUserPrompt: the device stays not remembered until UpdateDeviceStatus.
        return { UserConfirmationNecessary: true };
      },
      UpdateDeviceStatus(claims: AccessTokenClaims, req: Record<string, any>) {
        const device = deviceOf(claims, req.DeviceKey);
        if (!confirmed(device)) throw notFound();
        if (req.DeviceRememberedStatus !== "remembered" && req.DeviceRememberedStatus !== "not_remembered") {
          throw new CognitoError("InvalidParameterException", "DeviceRememberedStatus must be remembered or not_remembered");
        }
        device.remembered = req.DeviceRememberedStatus === "remembered";
        device.modifiedAt = options.now();
        return {};
      },
      GetDevice(claims: AccessTokenClaims, req: Record<string, any>) {
        const device = deviceOf(claims, req.DeviceKey);
        if (!confirmed(device)) throw notFound();
        return { Device: describe(device) };
      },
      ForgetDevice(claims: AccessTokenClaims, req: Record<string, any>) {
        const device = deviceOf(claims, req.DeviceKey);
        devices.delete(device.key);
        return {};
      },
      ListDevices(claims: AccessTokenClaims, req: Record<string, any>) {
        const limit = Math.min(Math.max(Number(req.Limit ?? 10) || 10, 1), 60);
        const start = req.PaginationToken === undefined ? 0 : Number.parseInt(String(req.PaginationToken), 10);
        if (!Number.isInteger(start) || start < 0) throw new CognitoError("InvalidParameterException", "Invalid PaginationToken");
        const mine = [...devices.values()].filter((device) => device.username === claims.username && confirmed(device));
        const page = mine.slice(start, start + limit);
        return { Devices: page.map(describe), ...(start + limit < mine.length ? { PaginationToken: String(start + limit) } : {}) };
      },
    },
  };
}
