import { randomBytes } from "node:crypto";
import type { AuthOptions } from "../middleware/core/options.js";
import { startLocalCognito, type LocalCognito } from "../shared/local-cognito/local-cognito.js";

/** The demo server's settings: the environment variables of docs/settings.md, or the embedded local Cognito. */
export interface DemoSettings {
  cognito: AuthOptions["cognito"];
  redis?: string;
  port: number;
  /** The bind address. Loopback by default: the local pool's seeded passwords are public. */
  host: string;
  trustProxy: number;
  /** AUTH_FLOW: how the password reaches Cognito (USER_SRP_AUTH by default). */
  authFlow: NonNullable<AuthOptions["authFlow"]>;
  /** Seals the remembered-device cookie: one made at start (a one-instance demo needs no more). */
  secrets: string[];
  /** Challenge lifetime for the middleware; with the local Cognito it matches the pool's. */
  challengeTtlMs?: number;
  /** Present when no pool is configured and the embedded one runs. */
  local?: LocalCognito;
}

export async function loadDemoSettings(env: NodeJS.ProcessEnv = process.env): Promise<DemoSettings> {
  const port = parseInteger(env.PORT, "PORT", 3000);
  const host = env.HOST || "127.0.0.1";
  const trustProxy = parseInteger(env.TRUST_PROXY, "TRUST_PROXY", 0);
  const authFlow = parseAuthFlow(env.AUTH_FLOW);
  const secrets = [randomBytes(32).toString("base64url")];
  const redis = env.REDIS_URL ? { redis: env.REDIS_URL } : {};
  if (env.COGNITO_USER_POOL_ID) {
    const region = env.COGNITO_REGION ?? env.COGNITO_USER_POOL_ID.split("_")[0]!;
    if (!env.COGNITO_CLIENT_ID) throw new Error("COGNITO_CLIENT_ID is required when COGNITO_USER_POOL_ID is set.");
    return {
      cognito: {
        region,
        userPoolId: env.COGNITO_USER_POOL_ID,
        clientId: env.COGNITO_CLIENT_ID,
        ...(env.COGNITO_CLIENT_SECRET ? { clientSecret: env.COGNITO_CLIENT_SECRET } : {}),
        ...(env.COGNITO_ENDPOINT ? { endpoint: env.COGNITO_ENDPOINT } : {}),
      },
      port,
      host,
      trustProxy,
      authFlow,
      secrets,
      ...redis,
    };
  }
  if (env.NODE_ENV === "production") {
    // A production deployment that lost its pool settings must not come up on a pool whose
    // passwords are in the README.
    throw new Error("NODE_ENV=production but no user pool is configured: set COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID. The embedded local Cognito is for development only.");
  }
  // A shorter challenge lifetime (to watch the expiry in the demo) must hold on both sides.
  const challengeTtl = env.LOCAL_COGNITO_CHALLENGE_TTL_MS ? { challengeTtlMs: parseInteger(env.LOCAL_COGNITO_CHALLENGE_TTL_MS, "LOCAL_COGNITO_CHALLENGE_TTL_MS", 180_000) } : {};
  const local = await startLocalCognito({
    ...challengeTtl,
    ...(env.LOCAL_COGNITO_TOKEN_SECONDS ? { accessTokenValiditySeconds: parseInteger(env.LOCAL_COGNITO_TOKEN_SECONDS, "LOCAL_COGNITO_TOKEN_SECONDS", 3600) } : {}),
  });
  return {
    cognito: { region: local.region, userPoolId: local.userPoolId, clientId: local.serverClient.clientId, clientSecret: local.serverClient.clientSecret, endpoint: local.endpoint },
    port,
    host,
    trustProxy,
    authFlow,
    secrets,
    local,
    ...challengeTtl,
    ...redis,
  };
}

function parseInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}".`);
  return parsed;
}

const AUTH_FLOWS = ["USER_SRP_AUTH", "USER_PASSWORD_AUTH", "USER_AUTH"] as const;

function parseAuthFlow(value: string | undefined): DemoSettings["authFlow"] {
  if (value === undefined || value === "") return "USER_SRP_AUTH";
  const flow = AUTH_FLOWS.find((name) => name === value);
  if (!flow) throw new Error(`AUTH_FLOW must be one of ${AUTH_FLOWS.join(", ")}, got "${value}".`);
  return flow;
}
