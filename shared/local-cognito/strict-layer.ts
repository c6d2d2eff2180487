import { CognitoError } from "cognito-local/lib/errors.js";
import type { Route, Router } from "cognito-local/lib/server/Router.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { secretHash } from "../cognito/secret-hash.js";
import { decodeClaims } from "../flow/token-claims.js";
import { createEmailOtpRule, type EmailOtpSession } from "./email-otp-rule.js";
import { createMfaPreferenceRule, type SelectMfaSession } from "./mfa-preference-rule.js";
import { createUserAuthRule, type UserAuthSession } from "./user-auth-rule.js";
import { createMfaSetupRule, type SetupSession } from "./mfa-setup-rule.js";
import { verifyAccessTokenFor } from "./access-token-rule.js";
import { createDeviceRule, type DeviceSession } from "./device-rule.js";
import { createSrpRule, refuseWrongPassword } from "./srp-rule.js";
import { CodeBook } from "./code-book.js";
import { createAccountRules } from "./account-rules.js";
import type { StrictChecks } from "./rule-kit.js";

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
  /** The pool's region, for device keys ("region_uuid"). Default us-east-1. */
  region?: string;
}

type Request = Record<string, any>;
const notAuthorized = (message: string) => new CognitoError("NotAuthorizedException", message);

export function strictRouter(inner: Router, services: Services, options: StrictLayerOptions): Router {
  // deviceKey: the DEVICE_KEY the sign-in presented, carried to the step that issues tokens.
  type KnownSession = {
    expiresAt: number;
    setup?: SetupSession;
    emailOtp?: EmailOtpSession;
    userAuth?: UserAuthSession;
    selectMfa?: SelectMfaSession;
    device?: DeviceSession;
    deviceKey?: string;
  };
  const sessions = new Map<string, KnownSession>();
  const mfaSetup = createMfaSetupRule(services, options.requiresMfaSetup ?? (() => false));
  const emailOtp = createEmailOtpRule(services);
  const mfaPreference = createMfaPreferenceRule(services, emailOtp, inner);
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
  function rememberSession(response: { Session?: unknown } | undefined, state: Omit<KnownSession, "expiresAt"> = {}): void {
    // A step that went through another rule (USER_AUTH's password path) is already remembered.
    if (typeof response?.Session === "string" && !sessions.has(response.Session)) sessions.set(response.Session, { expiresAt: options.now() + options.challengeTtlMs, ...state });
  }
  /** A rule's step: Cognito's answer, and the state its Session carries to the next call. */
  type Step = { response: Record<string, unknown> } & Omit<KnownSession, "expiresAt">;
  function rememberStep({ response, ...state }: Step): Record<string, unknown> {
    rememberSession(response, state);
    return response;
  }
  /** A rule's step replaces the answered Session with its own (the old one is spent). */
  function nextStep(oldSession: string, step: Step) {
    sessions.delete(oldSession);
    return rememberStep(step);
  }
  async function userNamed(ctx: Context, clientId: string, username: string) {
    const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
    const user = await pool.getUserByUsername(ctx, username);
    if (!user) throw notAuthorized("Invalid session for the user.");
    return user;
  }
  /** Rule: sign-in honours the user's MFA settings (e-mail MFA, the preferred type), after a correct password. */
  async function mfaAfterPassword(ctx: Context, clientId: string, username: unknown, password: unknown) {
    if (typeof username !== "string") return undefined;
    const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
    const user = await pool.getUserByUsername(ctx, username);
    if (!user || user.UserStatus !== "CONFIRMED" || user.Password !== password) return undefined;
    return mfaPreference.challengeAfterPassword(ctx, clientId, user);
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

  const checks: StrictChecks = { requireSecretHash, checkPasswordPolicy, now: options.now };
  // Account and passwordless rules live in their own files (account-rules.ts, user-auth-rule.ts).
  const account = createAccountRules(services, checks, new CodeBook(options.now), { sessionTtlMs: options.challengeTtlMs });
  const userAuth = createUserAuthRule(services, checks, emailOtp, {
    signInAfterConfirmation: account.signInAfterConfirmation,
    passwordSignIn: (ctx, clientId, username, password, secretHash) =>
      routes.InitiateAuth!(ctx, { AuthFlow: "USER_PASSWORD_AUTH", ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: secretHash } }, inner("InitiateAuth")),
    passwordSrp: (ctx, clientId, username, parameters) => srp.passwordVerifierChallenge(ctx, clientId, { ...parameters, USERNAME: username }),
  });

  const routes: Record<string, (ctx: Context, req: Request, next: Route) => Promise<any>> = {
    ...account.routes,
    ...mfaPreference.routes,
    async InitiateAuth(ctx, req, next) {
      const params = req.AuthParameters ?? {};
      if (req.AuthFlow === "USER_SRP_AUTH") {
        await requireSecretHash(ctx, req.ClientId, params.USERNAME, params.SECRET_HASH);
        return srp.passwordVerifierChallenge(ctx, req.ClientId, params);
      }
      if (req.AuthFlow === "USER_AUTH") return rememberStep(await userAuth.initiate(ctx, req));
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
        const mfa = await mfaAfterPassword(ctx, req.ClientId, params.USERNAME, params.PASSWORD);
        if (mfa) return rememberStep({ ...mfa, deviceKey: params.DEVICE_KEY });
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
      if (req.ChallengeName === "SELECT_CHALLENGE") {
        if (!known.userAuth) throw notAuthorized("Invalid session for the user.");
        return nextStep(req.Session, { deviceKey, ...(await userAuth.select(ctx, known.userAuth, responses)) });
      }
      if (req.ChallengeName === "SELECT_MFA_TYPE" && known.selectMfa) {
        return nextStep(req.Session, { deviceKey, ...(await mfaPreference.choose(ctx, known.selectMfa, responses.ANSWER)) });
      }
      if (req.ChallengeName === "EMAIL_OTP" || req.ChallengeName === "SMS_OTP") {
        if (!known.emailOtp || (known.emailOtp.challengeName ?? "EMAIL_OTP") !== req.ChallengeName) throw notAuthorized("Invalid session for the user.");
        const response = await emailOtp.answer(ctx, known.emailOtp, responses);
        sessions.delete(req.Session);
        return devices.finishSignIn(responses.USERNAME, response, deviceKey);
      }
      if (req.ChallengeName === "MFA_SETUP") {
        if (!known.setup) throw notAuthorized("Invalid session for the user.");
        if (responses.EMAIL !== undefined) {
          // E-mail MFA set-up: the code goes to the address given; the EMAIL_OTP answer saves it.
          const user = await userNamed(ctx, req.ClientId, known.setup.username);
          const opened = await emailOtp.open(ctx, req.ClientId, user, "EMAIL_OTP", mfaSetup.emailAddress(responses.EMAIL));
          return nextStep(req.Session, { response: opened.response, emailOtp: opened.session, deviceKey });
        }
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

  /**
   * Rule: a call with an AccessToken needs one this local Cognito signed, for this pool
   * (access-token-rule.ts). Expiry is read on the clock that issued the token (cognito-local's
   * real one), not on `options.now`, which times only what this layer keeps (sessions, codes).
   */
  const verifiedAccessToken = (ctx: Context, token: unknown) => verifyAccessTokenFor(ctx, services, token, Date.now());

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
