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
 * client's IP bucket and the account's wrong-code lock before InitiateAuth; one code from the
 * codes-sent budgets (refunded when Cognito sends none) in the flow's `beforeCodeMaySend` hook,
 * right before the call that may send it. With SRP that call comes after Cognito has named the
 * user (USER_ID_FOR_SRP), so the code is taken from the user's own budget whatever name was
 * typed; where InitiateAuth itself may send it, from the typed name's (and the user's, once the
 * alias map knows the name), and the user is charged after Cognito names it (`chargeNamedUser`).
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
    const device = await presentedDevice(services, context, username, accounts);

    let code: Reservation | undefined;
    let userCharged = false;
    const beforeCodeMaySend: BeforeCodeMaySend = async ({ username: name, source }) => {
      const user = source === "cognito" ? [limits.accountOfUser(name)] : [];
      for (const account of user) await limits.assertMayAnswer(account);
      code = await limits.takeCode(...distinct([...accounts, ...user]));
      userCharged = user.length > 0;
    };

    let outcome: SignInOutcome;
    try {
      outcome = await flow.signIn(
        { username, ...(password !== undefined ? { password } : {}), ...(preferredChallenge ? { preferredChallenge } : {}), ...(device ? { device: rememberedDevice(device) } : {}), beforeCodeMaySend },
        { ipAddress: context.clientIp, requestId: context.requestId },
      );
    } catch (error) {
      await code?.refund();
      // Cognito never judged the password: the client's sign-in does not count either.
      if (error instanceof AuthError && error.code === "UPSTREAM_UNAVAILABLE") await signInSlot.refund();
      if (error instanceof AuthError && error.code === "NOT_AUTHORIZED") services.logger.info("sign-in.refused", { requestId: context.requestId });
      throw error;
    }
    if (code && !sentACode(outcome)) await code.refund();

    // A new sign-in replaces the challenge this browser had open (and its resend stash).
    const { challengeId } = services.cookies.read(context.request.header("cookie"));
    if (isWellFormedChallengeId(challengeId)) await services.store.delete(challengeId);
    if (outcome.status !== "account-step") await chargeNamedUser(limits, username, userCharged ? [...accounts, limits.accountOfUser(outcome.cognitoUsername)] : accounts, outcome);
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
async function presentedDevice(services: AuthServices, context: RouteContext, username: string, accounts: Account[]): Promise<DeviceCookieValue | undefined> {
  const sealed = services.cookies.read(context.request.header("cookie")).device;
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

function distinct(accounts: Account[]): Account[] {
  return accounts.filter((account, index) => accounts.findIndex((other) => other.key === account.key) === index);
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
