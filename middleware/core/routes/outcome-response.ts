import type { SignInOutcome, SignedInOutcome } from "../../../shared/flow/outcome.js";
import type { AuthResponse } from "../auth-http.js";
import { newChallengeId } from "../challenge-id.js";
import { joinChallengeToken } from "../cookies.js";
import type { DeviceCookieValue } from "../device-cookie.js";
import { sealResendInput, type ResendInput } from "../resend-stash.js";
import { jsonResponse } from "../responses.js";
import type { AuthServices, RouteContext } from "../route-context.js";
import { emitOutcome } from "../../events/route-events.js";

/** What a sign-in carries from one step to the next, beside Cognito's own state. */
export interface SignInCarry {
  /** The name typed at sign-in (kept in the device cookie, so the next sign-in under it presents the device). */
  signInName?: string;
  /** The inputs a resend signs in again with; sealed into the next open step's record. */
  resend?: ResendInput;
  /** The device this browser presented (its cookie opened and named this user). */
  device?: DeviceCookieValue;
}

/**
 * Turns a flow outcome into the HTTP answer. An open step is stored server-side under a fresh
 * id (the Cognito Session never leaves the server), with the resend stash sealed under a key
 * only the client's cookie (or challengeToken) carries; DONE sets the session, confirms a new
 * device and ends the challenge; RESET_PASSWORD / CONFIRM_SIGN_UP end it with nothing open.
 */
export async function outcomeResponse(services: AuthServices, context: RouteContext, outcome: SignInOutcome, carry: SignInCarry = {}): Promise<AuthResponse> {
  const { cookies, options, store } = services;
  const bodyTransport = options.tokenTransport === "body";
  emitOutcome(services, context, outcome);

  if (outcome.status === "account-step") {
    return jsonResponse(200, outcome.result, bodyTransport ? [] : [cookies.clearChallenge(context.basePath)]);
  }

  if (outcome.status === "signed-in") {
    if (bodyTransport) {
      const { accessToken, idToken, refreshToken, expiresIn } = outcome.tokens;
      return jsonResponse(200, { ...outcome.result, tokens: { accessToken, idToken, refreshToken, expiresIn } });
    }
    const deviceCookies = await deviceCookiesFor(services, context, outcome, carry);
    return jsonResponse(200, outcome.result, [...cookies.session(outcome.tokens), cookies.clearChallenge(context.basePath), ...deviceCookies]);
  }

  const id = newChallengeId();
  const stash = carry.resend ? sealResendInput(id, carry.resend) : undefined;
  await store.put(id, { challenge: outcome.challenge, attemptsLeft: options.limits.wrongCodesPerChallenge, ...(stash ? { resend: stash.sealed } : {}) }, outcome.challenge.expiresAt);
  const token = joinChallengeToken(id, stash?.key);
  if (bodyTransport) return jsonResponse(200, { ...outcome.result, challengeToken: token });
  const maxAge = Math.max(1, Math.ceil((outcome.challenge.expiresAt - services.clock.now()) / 1000));
  // Cognito refused the device this browser presented (forgotten, or its secret no longer
  // matches): the sign-in went on without it, and the cookie goes.
  const dropDevice = carry.device && !outcome.challenge.deviceKey ? [cookies.clearDevice()] : [];
  // While a challenge is open nobody is signed in here: any older session cookie goes.
  return jsonResponse(200, outcome.result, [cookies.challenge(token, context.basePath, maxAge), ...cookies.clearSession(), ...dropDevice]);
}

/**
 * DONE with `newDevice`: ConfirmDevice, and the sealed device cookie. A remembered device's cookie
 * is renewed. A ConfirmDevice that fails never fails the sign-in (it is logged).
 */
async function deviceCookiesFor(services: AuthServices, context: RouteContext, outcome: SignedInOutcome, carry: SignInCarry): Promise<string[]> {
  const { cookies, devices } = services;
  if (outcome.newDevice) {
    try {
      const confirmed = await services.flow.confirmDevice({ accessToken: outcome.tokens.accessToken, newDevice: outcome.newDevice, deviceName: deviceNameOf(context) });
      const { deviceKey, deviceGroupKey, devicePassword } = confirmed;
      const signInName = carry.signInName ?? outcome.cognitoUsername;
      return [cookies.device(devices.seal({ deviceKey, deviceGroupKey, devicePassword, cognitoUsername: outcome.cognitoUsername, signInName }, context.requestId))];
    } catch (error) {
      services.logger.warn("device.confirm-failed", { requestId: context.requestId, code: (error as { code?: string }).code ?? "INTERNAL" });
      return [];
    }
  }
  if (carry.device && outcome.result.device?.status === "remembered") return [cookies.device(devices.seal(carry.device, context.requestId))];
  return [];
}

/** A short, log-safe device name from the browser's User-Agent (what `/auth/devices` shows). */
function deviceNameOf(context: RouteContext): string {
  const agent = context.request.header("user-agent") ?? "";
  const cleaned = agent.replace(/[^\x20-\x7e]/g, "").trim().slice(0, 120);
  return cleaned || "browser";
}
