import { CognitoError } from "cognito-local/lib/errors.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import type { User, UserPoolService } from "cognito-local/lib/services/userPoolService.js";
import { verifyAccessTokenFor } from "./access-token-rule.js";

/**
 * The user behind an access token this local Cognito signed (access-token-rule.ts), for the
 * account calls. Cognito answers anything else with NotAuthorizedException "Invalid Access Token".
 */
export async function userForAccessToken(ctx: Context, services: Services, token: unknown, nowMs: number = Date.now()): Promise<{ pool: UserPoolService; user: User; clientId: string }> {
  const claims = await verifyAccessTokenFor(ctx, services, token, nowMs);
  const pool = await services.cognito.getUserPoolForClientId(ctx, claims.client_id);
  const user = await pool.getUserByUsername(ctx, claims.username);
  if (!user) throw new CognitoError("NotAuthorizedException", "Invalid Access Token");
  return { pool, user, clientId: claims.client_id };
}
