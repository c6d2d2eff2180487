import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";

/** The strict layer's shared checks, handed to each rule that needs them. */
export interface StrictChecks {
  /** A client with a secret must send SECRET_HASH = HMAC(secret, username + clientId). */
  requireSecretHash(ctx: Context, clientId: string, username: string | undefined, sent: unknown): Promise<void>;
  /** A new password must meet the pool's password policy (InvalidPasswordException). */
  checkPasswordPolicy(ctx: Context, clientId: string, password: unknown): Promise<void>;
  /** Milliseconds since the epoch (tests move it). */
  now(): number;
}

/** A target handler: cognito-local's request in, Cognito's answer out. */
export type RuleHandler = (ctx: Context, req: Record<string, any>) => Promise<Record<string, unknown>>;

/** The app client's PreventUserExistenceErrors setting (Cognito's API default is LEGACY). */
export async function preventsUserExistenceErrors(ctx: Context, services: Services, clientId: string): Promise<boolean> {
  const client = (await services.cognito.getAppClient(ctx, clientId)) as { PreventUserExistenceErrors?: string } | null;
  return client?.PreventUserExistenceErrors === "ENABLED";
}
