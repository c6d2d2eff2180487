import "./quiet-sdk-notices.js";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Router } from "cognito-local/lib/server/Router.js";
import { createServer } from "cognito-local/lib/server/server.js";
import { DateClock, MessagesService, TriggersService, LambdaService } from "cognito-local/lib/services/index.js";
import { CognitoServiceFactoryImpl } from "cognito-local/lib/services/cognitoService.js";
import { CryptoService } from "cognito-local/lib/services/crypto.js";
import { StormDBDataStoreFactory } from "cognito-local/lib/services/dataStore/stormDb.js";
import { MessageDeliveryService } from "cognito-local/lib/services/messageDelivery/messageDelivery.js";
import { otp } from "cognito-local/lib/services/otp.js";
import { JwtTokenGenerator } from "cognito-local/lib/services/tokenGenerator.js";
import { generate as totpCode } from "cognito-local/lib/services/totp.js";
import { UserPoolServiceFactoryImpl } from "cognito-local/lib/services/userPoolService.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { Context } from "cognito-local/lib/services/context.js";
import { CodeInbox } from "./code-inbox.js";
import { quietLogger } from "./quiet-logger.js";
import { seedUsers } from "./seed.js";
import { SEED_USERS, type SeedUser } from "./seed-users.js";
import { strictRouter } from "./strict-layer.js";
import type { LocalCognito, LocalCognitoOptions } from "./local-cognito-types.js";

export type { LocalCognito, LocalCognitoOptions };

/** The local Cognito as our own tests see it: with cognito-local's services to look inside. */
export interface EmbeddedLocalCognito extends LocalCognito {
  /** cognito-local's services, for tests that need to look inside. */
  services: Services;
}

const POOL_NAME = "cognito-mfa-kit-local";

/**
 * Starts cognito-local in this process on a loopback port, behind the strict layer, with a
 * fresh pool (AWS-style id and issuer), two app clients, and the seeded users.
 */
export async function startLocalCognito(options: LocalCognitoOptions = {}): Promise<EmbeddedLocalCognito> {
  const region = options.region ?? "us-east-1";
  const print = options.print ?? true;
  const output = options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
  const users = options.users ?? SEED_USERS;
  // A folder of the caller's is kept on stop; our temporary one is removed.
  const ownsDataDirectory = options.dataDirectory === undefined;
  const dataDirectory = options.dataDirectory ?? (await mkdtemp(path.join(tmpdir(), "local-cognito-")));
  if (!ownsDataDirectory) await mkdir(dataDirectory, { recursive: true });
  const ctx: Context = { logger: quietLogger };
  const issuerDomain = `https://cognito-idp.${region}.amazonaws.com`;

  const codes = new CodeInbox();
  const sender = (medium: "SMS" | "EMAIL") => async (_ctx: Context, user: { Username: string; Attributes?: Array<{ Name?: string; Value?: string }> }, destination: string, message: { __code?: string }) => {
    const username = user.Attributes?.find((attribute) => attribute.Name === "email")?.Value ?? user.Username;
    const code = message.__code ?? "";
    codes.deliver({ medium, destination, username, code });
    if (print) output(`[local-cognito] ${medium} to ${destination} for ${username}: ${code}`);
  };

  const clock = new DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory(dataDirectory);
  const cognitoServiceFactory = new CognitoServiceFactoryImpl(dataDirectory, dataStoreFactory, new UserPoolServiceFactoryImpl(clock, dataStoreFactory));
  const cognito = await cognitoServiceFactory.create(ctx, {});
  const triggers = new TriggersService(clock, cognito, new LambdaService({}, undefined as never), new CryptoService({}));
  const tokenConfig = { IssuerDomain: issuerDomain };
  const services: Services = {
    clock,
    cognito,
    config: { LambdaClient: {}, TriggerFunctions: {}, UserPoolDefaults: {}, KMSConfig: {}, ServerConfig: {}, TokenConfig: tokenConfig } as never,
    messages: new MessagesService(triggers, new MessageDeliveryService({ sendSms: sender("SMS"), sendEmail: sender("EMAIL") })),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, tokenConfig),
    triggers,
  };

  const userPoolId = `${region}_${randomPoolSuffix()}`;
  await cognito.createUserPool(ctx, {
    Id: userPoolId,
    Name: POOL_NAME,
    Arn: `arn:aws:cognito-idp:${region}:000000000000:userpool/${userPoolId}`,
    MfaConfiguration: "OPTIONAL",
    // No username alias: the sign-in name is the username, as in most server-side pools.
    UsernameAttributes: [],
    // Devices: a challenge on a new device; remembered only when the user says so.
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    // Self sign-up verifies e-mail and phone by code; password reset goes to the verified e-mail first.
    AutoVerifiedAttributes: ["email", "phone_number"],
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }, { Name: "verified_phone_number", Priority: 2 }] },
  });
  const pool = await cognito.getUserPool(ctx, userPoolId);
  const validity = options.accessTokenValiditySeconds ?? 3600;
  const clientSettings = {
    AccessTokenValidity: validity,
    IdTokenValidity: validity,
    TokenValidityUnits: { AccessToken: "seconds", IdToken: "seconds", RefreshToken: "days" },
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    // As the Cognito console sets it: account confirmation and recovery never reveal who exists.
    PreventUserExistenceErrors: "ENABLED",
  };
  const serverClient = { ClientId: randomClientId(), ClientSecret: randomClientId() + randomClientId(), ClientName: "server", UserPoolId: userPoolId, ...clientSettings };
  const publicClient = { ClientId: randomClientId(), ClientName: "desktop", UserPoolId: userPoolId, ...clientSettings };
  await pool.saveAppClient(ctx, serverClient as never);
  await pool.saveAppClient(ctx, publicClient as never);
  await seedUsers(ctx, pool, users);

  const router = strictRouter(Router(services), services, {
    challengeTtlMs: options.challengeTtlMs ?? 180_000,
    region,
    now: options.now ?? (() => Date.now()),
    requiresMfaSetup: (username) => users.some((user) => user.username === username && user.mfaSetupRequired),
  });
  const httpServer = await createServer(router, quietLogger as never, { port: options.port ?? 0, hostname: "127.0.0.1", development: false }, services).start();
  const { port } = httpServer.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  if (print) {
    output(
      `[local-cognito] endpoint=${endpoint} region=${region} userPoolId=${userPoolId} serverClientId=${serverClient.ClientId} serverClientSecret=${serverClient.ClientSecret} publicClientId=${publicClient.ClientId}`,
    );
  }

  return {
    endpoint,
    region,
    userPoolId,
    serverClient: { clientId: serverClient.ClientId, clientSecret: serverClient.ClientSecret },
    publicClientId: publicClient.ClientId,
    issuer: `${issuerDomain}/${userPoolId}`,
    codes,
    services,
    totpCode(username) {
      const secret = users.find((user) => user.username === username)?.totpSecret;
      if (!secret) throw new Error(`${username} has no TOTP secret`);
      return totpCode(secret);
    },
    totpCodeForSecret: (secret) => totpCode(secret),
    async resetUser(username) {
      const seed = users.find((user) => user.username === username);
      if (!seed) throw new Error(`${username} is not a seeded user`);
      await seedUsers(ctx, pool, [seed]);
    },
    async stop() {
      httpServer.closeAllConnections?.();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      if (ownsDataDirectory) await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function randomFrom(alphabet: string, length: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => alphabet[byte % alphabet.length]).join("");
}
function randomPoolSuffix(): string {
  return randomFrom(ALPHANUMERIC, 9);
}
function randomClientId(): string {
  return randomFrom("0123456789abcdefghijklmnopqrstuvwxyz", 26);
}
