import { after, before } from "node:test";
import { silentLogger } from "../../shared/runtime/logger.js";
import type { LocalCognito } from "../../shared/local-cognito/local-cognito.js";
import { startQuietLocalCognito } from "../support/cognito-fixture.js";
import type { AuthCore } from "../../middleware/core/auth-core.js";
import type { AuthOptions } from "../../middleware/core/options.js";
import type { ContractServer, ServerFactory, ServerSetup } from "./servers.js";
import { TestClient } from "./test-client.js";

/** One framework under test: its name, how to start it, and what it offers. */
export interface ContractTarget {
  name: string;
  start: ServerFactory;
  /** Calls the adapter's factory alone (expressAuth, koaAuth, nodeAuth). */
  create(options: AuthOptions): { readonly core: AuthCore; close(): Promise<void> };
  /** Express and Koa export `requireAuth(auth, options?)` / `koaRequireAuth(auth, options?)`; Node http has only `auth.requireAuth`. */
  exportedRequireAuth?: (auth: never, options?: never) => unknown;
  /** Express and Koa can run with their JSON body parser in front. */
  bodyParser: boolean;
}

/** Limits generous enough that the suite's many sign-ins never trip them; tests that want 429 set their own. */
const ROOMY_LIMITS = {
  codesSentPerAccount: { points: 1000, durationSeconds: 3600 },
  signInsPerIp: { points: 1000, durationSeconds: 60 },
  wrongCodesPerAccount: { points: 1000, durationSeconds: 900 },
};

/** What every case reads: the local Cognito, the main server, and helpers to start others. */
export interface ContractEnv {
  readonly target: ContractTarget;
  readonly local: LocalCognito;
  /** The main server: cookie transport, defaults except roomy limits. */
  readonly server: ContractServer;
  /** Options pointing at the local Cognito (app client with a secret), merged with `extra`. */
  options(extra?: Partial<AuthOptions>, local?: LocalCognito): AuthOptions;
  /** A fresh browser on the main server (or another). */
  client(server?: ContractServer): TestClient;
  /** Starts another server for one test and always closes it. */
  withServer<T>(options: AuthOptions, run: (server: ContractServer) => Promise<T>, setup?: ServerSetup): Promise<T>;
}

/** Registers before/after hooks for one test file and returns the environment they build. */
export function useContractEnv(target: ContractTarget): ContractEnv {
  let local: LocalCognito | undefined;
  let server: ContractServer | undefined;

  const env: ContractEnv = {
    target,
    get local() {
      return local ?? fail("local Cognito");
    },
    get server() {
      return server ?? fail("server");
    },
    options(extra = {}, on = env.local) {
      return {
        cognito: { region: on.region, userPoolId: on.userPoolId, clientId: on.serverClient.clientId, clientSecret: on.serverClient.clientSecret, endpoint: on.endpoint },
        logger: silentLogger,
        ...extra,
        limits: { ...ROOMY_LIMITS, ...extra.limits },
      };
    },
    client(on = env.server) {
      return new TestClient(on.url);
    },
    async withServer(options, run, setup) {
      const extra = await target.start(options, setup);
      try {
        return await run(extra);
      } finally {
        await extra.close();
      }
    },
  };

  before(async () => {
    local = await startQuietLocalCognito();
    server = await target.start(env.options());
  });
  after(async () => {
    await server?.close();
    await local?.stop();
  });
  return env;
}

function fail(what: string): never {
  throw new Error(`the contract environment has no ${what} yet (used outside a test?)`);
}
