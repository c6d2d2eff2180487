import { z } from "zod";
import { AuthError } from "../../../shared/errors/auth-error.js";
import { sentACode, type SignInOutcome } from "../../../shared/flow/outcome.js";
import type { BeforeCodeMaySend } from "../../../shared/flow/srp-sign-in.js";
import type { Account, RateLimits, Reservation } from "../../limits/rate-limits.js";
import { isWellFormedChallengeId } from "../challenge-id.js";
import type { DeviceCookieValue } from "../device-cookie.js";
import { rememberedDevice } from "../device-cookie.js";
import { defineEndpoint } from "../endpoint.js";
import type { AuthServices, RouteContext } from "../route-context.js";
import { passwordField, usernameField } from "../schemas.js";
import { outcomeResponse } from "./outcome-response.js";

const firstFactorField = z.enum(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]);

/**
 * POST /sign-in. Every limit is taken before the Cognito call it limits: a sign-in from the
 * client's IP bucket, the account's wrong-code lock, and one code from the codes-sent budgets
 * of the typed name and (once the alias map knows the name) of the user, before InitiateAuth;
 * all refunded when Cognito sends no code. With SRP, Cognito names the user (USER_ID_FOR_SRP)
 * before the answer that may send the code: the flow's `beforeCodeMaySend` hook charges that
 * user's budget then, if the name was not yet known to be theirs, so no code goes out past it.
 * Where InitiateAuth itself sends the code (USER_PASSWORD_AUTH) the user is charged after
 * Cognito names it (`chargeNamedUser`).
 */
export const signIn = defineEndpoint({
  path: "/sign-in",
  method: "POST",
  body: z.object({ username: usernameField, password: passwordField.optional(), preferredChallenge: firstFactorField.optional() }),
  handle: async (services, context, { username, password, preferredChallenge }) => {
    const { limits, flow } = services;
    const authFlow = flow.authFlow;
    if (authFlow !== "USER_AUTH" && password === undefined) throw new AuthError("INVALID_REQUEST", { message: "password is required." });
    if (authFlow !== "USER_AUTH" && preferredChallenge !== undefined) throw new AuthError("INVALID_REQUEST", { message: "preferredChallenge needs the USER_AUTH flow." });

    const signInSlot = await limits.takeSignIn(context.clientIp);
    const accounts = await limits.accountsOf(username);
    for (const account of accounts) await limits.assertMayAnswer(account);
    const sent = services.cookies.read(context.request.header("cookie"));
    const device = presentedDevice(services, context, sent.device, username, accounts);

    // The typed name's budget (and the user's, once the alias map knows the name) before
    // InitiateAuth, so a known account over budget costs no Cognito call at all.
    const code = await limits.takeCode(...accounts);
    let userCode: Reservation | undefined;
    const beforeCodeMaySend: BeforeCodeMaySend = async ({ username: name, source }) => {
      if (source !== "cognito") return;
      // SRP: Cognito has named the user before the answer that sends the code. Charge the user
      // now if this name was not known to be theirs: no code goes out past their budget.
      const user = limits.accountOfUser(name);
      if (accounts.some((account) => account.key === user.key)) return;
      await limits.assertMayAnswer(user);
      userCode = await limits.takeCode(user);
    };

    let outcome: SignInOutcome;
    try {
      outcome = await flow.signIn(
        { username, ...(password !== undefined ? { password } : {}), ...(preferredChallenge ? { preferredChallenge } : {}), ...(device ? { device: rememberedDevice(device) } : {}), beforeCodeMaySend },
        { ipAddress: context.clientIp, requestId: context.requestId },
      );
    } catch (error) {
      await code.refund();
      await userCode?.refund();
      // Cognito never judged the password: the client's sign-in does not count either.
      if (error instanceof AuthError && error.code === "UPSTREAM_UNAVAILABLE") await signInSlot.refund();
      if (error instanceof AuthError && error.code === "NOT_AUTHORIZED") services.logger.info("sign-in.refused", { requestId: context.requestId });
      throw error;
    }
    if (!sentACode(outcome)) {
      await code.refund();
      await userCode?.refund();
    }

    // A new sign-in replaces the challenge this browser had open (and its resend stash).
    if (isWellFormedChallengeId(sent.challengeId)) await services.store.delete(sent.challengeId);
    if (outcome.status !== "account-step") await chargeNamedUser(limits, username, userCode ? [...accounts, limits.accountOfUser(outcome.cognitoUsername)] : accounts, outcome);
    const sameUser = device && outcome.status !== "account-step" && device.cognitoUsername === outcome.cognitoUsername ? device : undefined;
    return outcomeResponse(services, context, outcome, {
      signInName: username,
      resend: { authFlow, ...(password !== undefined ? { password } : {}), ...(preferredChallenge ? { preferredChallenge } : {}) },
      ...(sameUser ? { device: sameUser } : {}),
    });
  },
});

/**
 * This browser's remembered device, when its cookie opens (sealed with our secrets) and names
 * the user being signed in: the name typed when the device was kept, Cognito's name, or a name
 * the alias map already ties to that user. Anything else is ignored (MFA is asked as usual),
 * never an error: the cookie alone signs nobody in, the password is still proved first.
 */
function presentedDevice(services: AuthServices, context: RouteContext, sealed: string | undefined, username: string, accounts: Account[]): DeviceCookieValue | undefined {
  if (!sealed) return undefined;
  const device = services.devices.open(sealed);
  if (!device) {
    services.logger.info("device.cookie-ignored", { requestId: context.requestId });
    return undefined;
  }
  const owner = services.limits.accountOfUser(device.cognitoUsername).key;
  if (device.signInName === username || device.cognitoUsername === username || accounts.some((account) => account.key === owner)) return device;
  return undefined;
}

/**
 * Cognito has accepted the password and named the user. The name is remembered (the alias
 * map), so the next sign-in under it spends the user's budgets before Cognito is called. If
 * this sign-in did not spend the user's budgets (USER_PASSWORD_AUTH under a name not seen
 * before: Cognito sends the code in the same answer that names the user), they are charged
 * now: the code was already sent, but a user over budget gets no challenge to answer.
 */
async function chargeNamedUser(limits: RateLimits, typedName: string, spent: Account[], outcome: Exclude<SignInOutcome, { status: "account-step" }>): Promise<void> {
  const { cognitoUsername } = outcome;
  await limits.learnAlias(typedName, cognitoUsername);
  const user = limits.accountOfUser(cognitoUsername);
  if (outcome.status !== "challenge" || spent.some((account) => account.key === user.key)) return;
  await limits.assertMayAnswer(user);
  if (sentACode(outcome)) await limits.takeCode(user);
}
