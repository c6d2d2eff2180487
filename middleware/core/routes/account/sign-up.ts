import { z } from "zod";
import { ACCOUNT_INPUT_SHAPES } from "../../../../shared/account/account-schemas.js";
import { AuthError } from "../../../../shared/errors/auth-error.js";
import { isWellFormedChallengeId, newChallengeId } from "../../challenge-id.js";
import { defineEndpoint } from "../../endpoint.js";
import type { AuthServices, RouteContext } from "../../route-context.js";
import { jsonResponse } from "../../responses.js";
import { checkingCode, sendingCodes } from "./code-budgets.js";

// The sign-up routes (no session). `routes.signUp: false` takes all three away (endpoints.ts).
// Cognito names no user on these calls, so the budgets are the name's (AccountLimits.accountsOfName).

/**
 * POST /sign-up: an unconfirmed user and a code (codes-sent budgets: the name's and the IP's).
 * In cookie transport, Cognito's sign-up session is kept server-side under the opaque id of an
 * HttpOnly cookie, so confirm-sign-up can sign the new user in without the password.
 */
export const signUp = defineEndpoint({
  path: "/sign-up",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.signUp),
  handle: async (services, context, input) => {
    const accounts = await services.accountLimits.accountsOfName(input.username);
    const { result, session } = await sendingCodes(
      services,
      context,
      accounts,
      1,
      () => services.account.signUpKeepingSession({ username: input.username, password: input.password, ...(input.userAttributes ? { userAttributes: input.userAttributes } : {}) }),
      // A pool that confirms at once sends nothing.
      (output) => (output.result.nextStep.codeDeliveryDetails ? 1 : 0),
    );
    services.logger.info("account.signed-up", { requestId: context.requestId, confirmed: result.isSignUpComplete });
    const setCookies = session && !result.isSignUpComplete ? await keepSignUpSession(services, context, input.username, session) : [];
    return jsonResponse(200, result, setCookies);
  },
});

/**
 * POST /confirm-sign-up: the code from sign-up (wrong-code budgets). An unknown name is a wrong
 * code (the exception map), so this does not tell who exists. Answers DONE. When this browser
 * made the sign-up (its cookie names a kept session for this very name), Cognito's session
 * chain (ConfirmSignUp's Session, then USER_AUTH) signs the user in too: session cookies are
 * set, and GET /auth/session names the user. Otherwise the page asks for the password.
 */
export const confirmSignUp = defineEndpoint({
  path: "/confirm-sign-up",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.confirmSignUp),
  handle: async (services, context, input) => {
    const { store, cookie } = services.signUps;
    const id = services.options.tokenTransport === "cookie" ? cookie.read(context.request.header("cookie")) : undefined;
    const kept = isWellFormedChallengeId(id) ? await store.get(id) : undefined;
    // Bound to the name it was made for: another name's confirmation never uses it.
    const session = kept?.username === input.username ? kept.session : undefined;
    const accounts = await services.accountLimits.accountsOfName(input.username);
    const { result, signInSession } = await checkingCode(services, context, accounts, async () => {
      try {
        return await services.account.confirmSignUpKeepingSession(input, session);
      } catch (error) {
        // Cognito refused the session (it outlived its few minutes): confirm without it, sign in with the password later.
        if (session && error instanceof AuthError && error.code === "NOT_AUTHORIZED") return services.account.confirmSignUpKeepingSession(input);
        throw error;
      }
    });
    if (!session) return jsonResponse(200, result);
    // Used once: confirmed now, whatever the sign-in below does.
    await store.delete(id!);
    const setCookies = [cookie.clear(context.basePath), ...(signInSession ? await signInAfterSignUp(services, context, input.username, signInSession) : [])];
    return jsonResponse(200, result, setCookies);
  },
});

/** How long a kept sign-up session waits for its code: Cognito's own session lasts at most 15 minutes. */
const SIGN_UP_SESSION_TTL_MS = 15 * 60_000;

async function keepSignUpSession(services: AuthServices, context: RouteContext, username: string, session: string): Promise<string[]> {
  if (services.options.tokenTransport !== "cookie") return [];
  const { store, cookie } = services.signUps;
  // A new sign-up from this browser replaces the one it had pending.
  const previous = cookie.read(context.request.header("cookie"));
  if (isWellFormedChallengeId(previous)) await store.delete(previous);
  const id = newChallengeId();
  await store.put(id, { username, session }, services.clock.now() + SIGN_UP_SESSION_TTL_MS);
  return [cookie.set(id, context.basePath, SIGN_UP_SESSION_TTL_MS / 1000)];
}

/** Cognito's tokens for the new user, as session cookies; none when Cognito wants more (MFA, an expired session): the password then. */
async function signInAfterSignUp(services: AuthServices, context: RouteContext, username: string, signInSession: string): Promise<string[]> {
  try {
    const tokens = await services.account.signInAfterSignUp({ username, session: signInSession });
    services.logger.info("account.signed-in-after-sign-up", { requestId: context.requestId });
    return services.cookies.session(tokens);
  } catch (error) {
    services.logger.warn("account.sign-in-after-sign-up-refused", { requestId: context.requestId, code: error instanceof AuthError ? error.code : "INTERNAL" });
    return [];
  }
}

/**
 * POST /resend-sign-up-code: a new code. Every name answers alike (security check 36): an
 * unknown or confirmed one gets a simulated delivery and spends the same budgets, so neither
 * the answer nor a later 429 tells it apart.
 */
export const resendSignUpCode = defineEndpoint({
  path: "/resend-sign-up-code",
  method: "POST",
  body: z.object(ACCOUNT_INPUT_SHAPES.resendSignUpCode),
  handle: async (services, context, input) => {
    const accounts = await services.accountLimits.accountsOfName(input.username);
    const result = await sendingCodes(services, context, accounts, 1, () => services.account.resendSignUpCode(input), () => 1);
    return jsonResponse(200, result);
  },
});
