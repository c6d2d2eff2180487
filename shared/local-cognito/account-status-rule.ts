import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";

/**
 * Rule: the password is checked before the account's status is told. cognito-local says
 * PasswordResetRequiredException to anyone who names a RESET_REQUIRED user, and opens
 * NEW_PASSWORD_REQUIRED for a FORCE_CHANGE_PASSWORD one, password or not; Cognito does so only
 * for someone who knows the password (a wrong one is NotAuthorizedException, like any wrong
 * password).
 */
export async function checkPasswordBeforeStatus(ctx: Context, services: Services, clientId: string, username: unknown, password: unknown): Promise<void> {
  if (typeof username !== "string") return;
  const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
  const user = await pool.getUserByUsername(ctx, username);
  const checkedLate = user?.UserStatus === "RESET_REQUIRED" || user?.UserStatus === "FORCE_CHANGE_PASSWORD";
  if (user && checkedLate && user.Password !== password) throw new CognitoError("NotAuthorizedException", "Incorrect username or password.");
}
