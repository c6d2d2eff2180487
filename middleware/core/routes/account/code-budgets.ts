import { AuthError } from "../../../../shared/errors/auth-error.js";
import type { Account } from "../../../limits/rate-limits.js";
import type { AuthServices, RouteContext } from "../../route-context.js";

/**
 * Runs a Cognito call that may send `count` codes, with the codes taken first from the
 * client's IP budget and every account's codes-sent budget (RATE_LIMITED before Cognito past
 * either). `sent` says how many went out; the rest, and all of them when the call failed, are
 * given back.
 */
export async function sendingCodes<T>(
  services: AuthServices,
  context: RouteContext,
  accounts: Account[],
  count: number,
  run: () => Promise<T>,
  sent: (result: T) => number,
): Promise<T> {
  const reservations = await services.accountLimits.takeCodesSent(context.clientIp, accounts, count);
  let result: T;
  try {
    result = await run();
  } catch (error) {
    await Promise.all(reservations.map((reservation) => reservation.refund()));
    throw error;
  }
  await Promise.all(reservations.slice(Math.max(0, sent(result))).map((reservation) => reservation.refund()));
  return result;
}

/**
 * Runs a Cognito call that checks a code, with one wrong code taken first from the client's IP
 * budget and every account's wrong-code budget, so N concurrent guesses count N at once. Only
 * CODE_MISMATCH keeps it: a right code, an expired one, a refused new password or an outage
 * gives it back.
 */
export async function checkingCode<T>(services: AuthServices, context: RouteContext, accounts: Account[], run: () => Promise<T>): Promise<T> {
  const wrongCode = await services.accountLimits.takeWrongCode(context.clientIp, accounts);
  try {
    const result = await run();
    await wrongCode.refund();
    return result;
  } catch (error) {
    if (!(error instanceof AuthError && error.code === "CODE_MISMATCH")) {
      await wrongCode.refund();
      throw error;
    }
    // The point stays taken; the answer says how many the account has left (the same for an unknown name).
    const attemptsLeft = await services.accountLimits.wrongCodesLeft(accounts);
    services.logger.warn("account.wrong-code", { requestId: context.requestId, attemptsLeft });
    throw new AuthError("CODE_MISMATCH", { attemptsLeft, cause: error.cause });
  }
}
