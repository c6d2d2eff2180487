import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startCognitoProxy, type CognitoProxy } from "../support/cognito-proxy.js";
import { DEMO } from "../support/cognito-fixture.js";
import { startLocalCognito, type EmbeddedLocalCognito } from "../../shared/local-cognito/local-cognito.js";
import { createMemoryLogger } from "../../shared/runtime/logger.js";
import { nodeAuth, type NodeAuth } from "../../middleware/adapters/node.js";
import type { AuthOptions } from "../../middleware/core/options.js";
import { CookieBox, send, type HttpResult, type SendOptions } from "./http-client.js";

/** The local Cognito behind a counting, fault-injecting proxy, for one test file. */
export interface CognitoBench {
  local: EmbeddedLocalCognito;
  proxy: CognitoProxy;
  /** Moves the local Cognito's clock (its challenge-session expiry) without touching ours. */
  skewMs: number;
  stop(): Promise<void>;
}

export async function startCognitoBench(): Promise<CognitoBench> {
  const bench = { skewMs: 0 } as CognitoBench;
  const local = await startLocalCognito({ print: false, now: () => Date.now() + bench.skewMs });
  const proxy = await startCognitoProxy(local.endpoint);
  return Object.assign(bench, {
    local,
    proxy,
    async stop() {
      await proxy.stop();
      await local.stop();
    },
  });
}

export type MemoryLogger = ReturnType<typeof createMemoryLogger>;

/** A Node http server with the middleware at /auth and one app route behind requireAuth. */
export interface AuthServer {
  url: string;
  auth: NodeAuth;
  logger: MemoryLogger;
  /** Every response an /auth route gave, for checks over all of them. */
  responses: HttpResult[];
  send(path: string, options?: SendOptions): Promise<HttpResult>;
  close(): Promise<void>;
}

export type ServerOptions = Partial<Omit<AuthOptions, "cognito">> & { cognito?: Partial<AuthOptions["cognito"]> };

export async function startAuthServer(bench: CognitoBench, options: ServerOptions = {}): Promise<AuthServer> {
  const logger = createMemoryLogger();
  const { cognito, ...rest } = options;
  const auth = nodeAuth({
    cognito: {
      region: bench.local.region,
      userPoolId: bench.local.userPoolId,
      clientId: bench.local.serverClient.clientId,
      clientSecret: bench.local.serverClient.clientSecret,
      endpoint: bench.proxy.endpoint,
      ...cognito,
    },
    logger,
    ...rest,
  });
  const server: Server = createServer(async (req, res) => {
    if (await auth.handle(req, res)) return;
    if (req.url === "/api/me") {
      const user = await auth.requireAuth(req, res);
      if (user) res.end(JSON.stringify({ sub: user.sub }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const responses: HttpResult[] = [];
  return {
    url,
    auth,
    logger,
    responses,
    async send(path, sendOptions) {
      const result = await send(url + path, sendOptions);
      if (path.startsWith("/auth")) responses.push(result);
      return result;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await auth.close();
    },
  };
}

/** Signs `DEMO` in up to the SMS step in `box`; returns the code the phone received. */
/** Starts a server for one test and always closes it, clearing any fault the test injected. */
export async function withAuthServer<T>(bench: CognitoBench, options: ServerOptions, body: (server: AuthServer) => Promise<T>): Promise<T> {
  const server = await startAuthServer(bench, options);
  try {
    return await body(server);
  } finally {
    bench.proxy.setFault(undefined);
    await server.close();
  }
}

export async function openSmsChallenge(server: AuthServer, bench: CognitoBench, box: CookieBox, username: string = DEMO.username): Promise<string> {
  const result = box.take(await server.send("/auth/sign-in", { json: { username, password: DEMO.password } }));
  if (result.status !== 200 || result.json?.nextStep?.signInStep !== "CONFIRM_SIGN_IN_WITH_SMS_CODE") {
    throw new Error(`expected the SMS step, got ${result.status} ${result.text}`);
  }
  return bench.local.codes.nextCode(DEMO.username);
}

/** Answers the open challenge in `box`. */
export async function answer(server: AuthServer, box: CookieBox, challengeResponse: unknown): Promise<HttpResult> {
  return box.take(await server.send("/auth/confirm-sign-in", { json: { challengeResponse }, cookie: box.header() }));
}

export { CookieBox };
