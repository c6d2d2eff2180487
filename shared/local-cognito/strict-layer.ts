import { CognitoError } from "cognito-local/lib/errors.js";
import type { Route, Router } from "cognito-local/lib/server/Router.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { secretHash } from "../cognito/secret-hash.js";
import { decodeClaims } from "../flow/token-claims.js";
import { createEmailOtpRule, type EmailOtpSession } from "./email-otp-rule.js";
import { createMfaSetupRule, type SetupSession } from "./mfa-setup-rule.js";
import { verifyAccessToken } from "./access-token-rule.js";
import { createDeviceRule, type DeviceSession } from "./device-rule.js";
import { createSrpRule, refuseWrongPassword } from "./srp-rule.js";

/**
 * cognito-local is looser than Cognito in ways this product depends on. This layer sits in
 * front of its handlers and copies the real behaviours, one named rule each, so that tests
 * catch the mistakes real Cognito would punish. It is a stand-in for AWS good enough for
 * flows, not a source of truth for security.
 */
export interface StrictLayerOptions {
  /** How long a challenge Session lives (Cognito: the app client's AuthSessionValidity, 3 minutes). */
  challengeTtlMs: number;
  /** Milliseconds since the epoch; tests move it to expire sessions. */
  now: () => number;
  /** Users who must set up MFA at sign-in (as in a pool where MFA is required). */
  requiresMfaSetup?: (username: string) => boolean;
  /** Users with e-mail MFA (EMAIL_OTP), which cognito-local lacks. */
  hasEmailMfa?: (username: string) => boolean;
  /** The pool's region, for device keys ("region_uuid"). Default us-east-1. */
  region?: string;
}

type Request = Record<string, any>;
const notAuthorized = (message: string) => new CognitoError("NotAuthorizedException", message);

export function strictRouter(inner: Router, services: Services, options: StrictLayerOptions): Router {
  // deviceKey: the DEVICE_KEY the sign-in presented, carried to the step that issues tokens.
  type KnownSession = { expiresAt: number; setup?: SetupSession; emailOtp?: EmailOtpSession; device?: DeviceSession; deviceKey?: string };
  const sessions = new Map<string, KnownSession>();
  const mfaSetup = createMfaSetupRule(services, options.requiresMfaSetup ?? (() => false));
  const emailOtp = createEmailOtpRule(services, options.hasEmailMfa ?? (() => false));
  const srp = createSrpRule(services, { ttlMs: options.challengeTtlMs, now: options.now });
  const devices = createDeviceRule(services, { region: options.region ?? "us-east-1", now: options.now });

  /** Rule: a client with a secret must send SECRET_HASH = HMAC(secret, USERNAME + clientId). */
  async function requireSecretHash(ctx: Context, clientId: string, username: string | undefined, sent: unknown): Promise<void> {
    const client = await services.cognito.getAppClient(ctx, clientId);
    if (!client?.ClientSecret) return;
    const candidates = username ? [secretHash(username, clientId, client.ClientSecret)] : [];
    if (typeof sent !== "string" || !candidates.includes(sent)) throw notAuthorized(`Unable to verify secret hash for client ${clientId}`);
  }

  /** Rule: RevokeToken and GetTokensFromRefreshToken need the client secret itself. */
  async function requireClientSecret(ctx: Context, clientId: string, sent: unknown): Promise<void> {
    const client = await services.cognito.getAppClient(ctx, clientId);
    if (client?.ClientSecret && sent !== client.ClientSecret) throw notAuthorized(`Unable to verify secret hash for client ${clientId}`);
  }

  /** Rule: a challenge Session expires, and is spent once answered correctly (a wrong code keeps it). */
  function checkSession(session: unknown): KnownSession {
    const known = typeof session === "string" ? sessions.get(session) : undefined;
    if (!known) throw notAuthorized("Invalid session for the user.");
    if (options.now() >= known.expiresAt) throw notAuthorized("Invalid session for the user, session is expired.");
    return known;
  }
  function rememberSession(response: { Session?: string } | undefined, state: Omit<KnownSession, "expiresAt"> = {}): void {
    if (response?.Session) sessions.set(response.Session, { expiresAt: options.now() + options.challengeTtlMs, ...state });
  }
  /** The MFA_SETUP steps answer with a new Session each; the old one is spent. */
  function nextSetupSession(oldSession: string, step: { session: SetupSession; response: Record<string, unknown> }) {
    sessions.delete(oldSession);
    rememberSession(step.response as { Session?: string }, { setup: step.session });
    return step.response;
  }

  /** Rule: a refresh token issued after a challenge can be used (cognito-local forgets to record it). */
  async function recordRefreshToken(ctx: Context, clientId: string, username: string, refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
    const user = await pool.getUserByUsername(ctx, username);
    if (user) await pool.storeRefreshToken(ctx, refreshToken, user);
  }

  /** Rule: a new password must meet the pool's password policy. */
  async function checkPasswordPolicy(ctx: Context, clientId: string, password: unknown): Promise<void> {
    const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
    const policy = pool.options.Policies?.PasswordPolicy ?? {};
    const value = typeof password === "string" ? password : "";
    const failures = [
      value.length < (policy.MinimumLength ?? 8) && `at least ${policy.MinimumLength ?? 8} characters`,
      policy.RequireUppercase && !/[A-Z]/.test(value) && "an upper-case letter",
      policy.RequireLowercase && !/[a-z]/.test(value) && "a lower-case letter",
      policy.RequireNumbers && !/[0-9]/.test(value) && "a number",
      policy.RequireSymbols && !/[^A-Za-z0-9]/.test(value) && "a symbol",
    ].filter(Boolean);
    if (failures.length) throw new CognitoError("InvalidPasswordException", `Password does not conform to policy: needs ${failures.join(", ")}`);
  }

  const routes: Record<string, (ctx: Context, req: Request, next: Route) => Promise<any>> = {
    async InitiateAuth(ctx, req, next) {
      const params = req.AuthParameters ?? {};
      if (req.AuthFlow === "USER_SRP_AUTH") {
        await requireSecretHash(ctx, req.ClientId, params.USERNAME, params.SECRET_HASH);
        return srp.passwordVerifierChallenge(ctx, req.ClientId, params);
      }
      if (req.AuthFlow === "USER_PASSWORD_AUTH") await requireSecretHash(ctx, req.ClientId, params.USERNAME, params.SECRET_HASH);
      if (req.AuthFlow === "REFRESH_TOKEN_AUTH" || req.AuthFlow === "REFRESH_TOKEN") {
        const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
        const owner = await pool.getUserByRefreshToken(ctx, params.REFRESH_TOKEN ?? "");
        if (!owner) throw notAuthorized("Invalid Refresh Token");
        await requireSecretHash(ctx, req.ClientId, owner.Username, params.SECRET_HASH);
        devices.checkRefresh(params.REFRESH_TOKEN, params.DEVICE_KEY);
      }
      if (req.AuthFlow === "USER_PASSWORD_AUTH") {
        await refuseWrongPassword(services, ctx, req.ClientId, params.USERNAME, params.PASSWORD);
        const deviceStep = await devices.challengeForRememberedDevice(ctx, req.ClientId, params.USERNAME, params.DEVICE_KEY);
        if (deviceStep) {
          rememberSession(deviceStep.response as { Session?: string }, { device: deviceStep.session });
          return deviceStep.response;
        }
      }
      const deviceKey = params.DEVICE_KEY;
      try {
        const response = await next(ctx, req);
        if (req.AuthFlow === "USER_PASSWORD_AUTH" && response?.AuthenticationResult) {
          const setup = await mfaSetup.challengeAfterPassword(ctx, req.ClientId, params.USERNAME);
          if (setup) {
            rememberSession(setup.response as { Session?: string }, { setup: setup.session, deviceKey });
            return setup.response;
          }
          const email = await emailOtp.challengeAfterPassword(ctx, req.ClientId, params.USERNAME);
          if (email) {
            rememberSession(email.response as { Session?: string }, { emailOtp: email.session, deviceKey });
            return email.response;
          }
          return devices.finishSignIn(params.USERNAME, response, deviceKey);
        }
        rememberSession(response, { deviceKey });
        return response;
      } catch (error) {
        // Rule: wrong password and unknown user get one answer (cognito-local says InvalidPasswordException).
        if (error instanceof CognitoError && (error.code === "InvalidPasswordException" || error.code === "NotAuthorizedException")) {
          throw notAuthorized("Incorrect username or password.");
        }
        throw error;
      }
    },

    async RespondToAuthChallenge(ctx, req, next) {
      const responses = req.ChallengeResponses ?? {};
      await requireSecretHash(ctx, req.ClientId, responses.USERNAME, responses.SECRET_HASH);
      if (req.ChallengeName === "PASSWORD_VERIFIER") {
        // The password is proven: go on exactly as a USER_PASSWORD_AUTH sign-in would.
        const proven = await srp.verify(ctx, req.ClientId, responses);
        const AuthParameters = { USERNAME: proven.username, PASSWORD: proven.password, SECRET_HASH: responses.SECRET_HASH, DEVICE_KEY: proven.deviceKey };
        return routes.InitiateAuth!(ctx, { AuthFlow: "USER_PASSWORD_AUTH", ClientId: req.ClientId, AuthParameters }, inner("InitiateAuth"));
      }
      const known = checkSession(req.Session);
      const deviceKey = responses.DEVICE_KEY ?? known.deviceKey;
      if (req.ChallengeName === "DEVICE_SRP_AUTH" || req.ChallengeName === "DEVICE_PASSWORD_VERIFIER") {
        if (!known.device) throw notAuthorized("Invalid session for the user.");
        sessions.delete(req.Session);
        if (req.ChallengeName === "DEVICE_PASSWORD_VERIFIER") return devices.verifyDevice(ctx, req.ClientId, known.device, responses);
        const step = devices.passwordVerifierChallenge(known.device, responses);
        rememberSession(step.response as { Session?: string }, { device: step.session });
        return step.response;
      }
      if (req.ChallengeName === "EMAIL_OTP") {
        if (!known.emailOtp) throw notAuthorized("Invalid session for the user.");
        const response = await emailOtp.answer(ctx, known.emailOtp, responses.EMAIL_OTP_CODE);
        sessions.delete(req.Session);
        return devices.finishSignIn(responses.USERNAME, response, deviceKey);
      }
      if (req.ChallengeName === "MFA_SETUP") {
        if (!known.setup) throw notAuthorized("Invalid session for the user.");
        const response = await mfaSetup.complete(ctx, known.setup);
        sessions.delete(req.Session);
        return devices.finishSignIn(responses.USERNAME, response, deviceKey);
      }
      if (req.ChallengeName === "NEW_PASSWORD_REQUIRED") await checkPasswordPolicy(ctx, req.ClientId, responses.NEW_PASSWORD);
      const response = await next(ctx, req);
      sessions.delete(req.Session);
      rememberSession(response, { deviceKey });
      await recordRefreshToken(ctx, req.ClientId, responses.USERNAME, response?.AuthenticationResult?.RefreshToken);
      return devices.finishSignIn(responses.USERNAME, response, deviceKey);
    },

    async AssociateSoftwareToken(ctx, req, next) {
      if (req.AccessToken || !req.Session) return next(ctx, req);
      const known = checkSession(req.Session);
      if (!known.setup) throw notAuthorized("Invalid session for the user.");
      return nextSetupSession(req.Session, mfaSetup.associate(known.setup));
    },

    async VerifySoftwareToken(ctx, req, next) {
      if (req.AccessToken || !req.Session) return next(ctx, req);
      const known = checkSession(req.Session);
      if (!known.setup) throw notAuthorized("Invalid session for the user.");
      // A wrong code keeps the session, as in Cognito.
      return nextSetupSession(req.Session, await mfaSetup.verify(ctx, known.setup, req.UserCode));
    },

    async RevokeToken(ctx, req, next) {
      await requireClientSecret(ctx, req.ClientId, req.ClientSecret);
      return next(ctx, req);
    },

    /** cognito-local lacks GlobalSignOut: every refresh token of the user stops working. */
    async GlobalSignOut(ctx, req) {
      const claims = claimsOf(req.AccessToken);
      if (!claims || typeof claims.client_id !== "string" || typeof claims.username !== "string") throw notAuthorized("Invalid Access Token");
      const pool = await services.cognito.getUserPoolForClientId(ctx, claims.client_id);
      const user = await pool.getUserByUsername(ctx, claims.username);
      if (!user) throw notAuthorized("Invalid Access Token");
      await pool.saveUser(ctx, { ...user, RefreshTokens: [] });
      return {};
    },

    /** cognito-local lacks GetTokensFromRefreshToken: refresh with rotation (the old token is spent). */
    async GetTokensFromRefreshToken(ctx, req) {
      await requireClientSecret(ctx, req.ClientId, req.ClientSecret);
      const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const client = await services.cognito.getAppClient(ctx, req.ClientId);
      const user = await pool.getUserByRefreshToken(ctx, req.RefreshToken ?? "");
      if (!user || !client) throw notAuthorized("Invalid Refresh Token");
      devices.checkRefresh(req.RefreshToken, req.DeviceKey);
      const groups = await pool.listUserGroupMembership(ctx, user);
      const tokens = await services.tokenGenerator.generate(ctx, user, groups, client, undefined, "RefreshTokens");
      await pool.saveUser(ctx, { ...user, RefreshTokens: [...user.RefreshTokens.filter((token) => token !== req.RefreshToken), tokens.RefreshToken] });
      devices.carryRefresh(req.RefreshToken, tokens.RefreshToken);
      return { AuthenticationResult: { ...tokens, ExpiresIn: 3600, TokenType: "Bearer" } };
    },
  };

  /** Rule: a call with an AccessToken needs one this local Cognito signed, for this pool. */
  async function verifiedAccessToken(ctx: Context, token: unknown) {
    const claimed = claimsOf(token);
    const client = typeof claimed?.client_id === "string" ? await services.cognito.getAppClient(ctx, claimed.client_id) : undefined;
    const issuer = `${services.config.TokenConfig.IssuerDomain}/${client?.UserPoolId ?? ""}`;
    return verifyAccessToken(token, issuer, options.now());
  }

  // The device calls (cognito-local has none), each for the user the access token names.
  for (const [name, call] of Object.entries(devices.calls)) {
    routes[name] = async (ctx, req) => call(await verifiedAccessToken(ctx, req.AccessToken), req);
  }

  return (target) => {
    const rule = routes[target];
    const next = inner(target);
    const handler: Route = rule ? (ctx, req) => rule(ctx, req ?? {}, next) : next;
    return async (ctx, req) => {
      if (req && "AccessToken" in req) await verifiedAccessToken(ctx, req.AccessToken);
      return handler(ctx, req);
    };
  };
}

/** A JWT's claims, or undefined for anything that is not one (Cognito then says "Invalid Access Token"). */
function claimsOf(token: unknown): Record<string, unknown> | undefined {
  if (typeof token !== "string") return undefined;
  try {
    return decodeClaims(token);
  } catch {
    return undefined;
  }
}
