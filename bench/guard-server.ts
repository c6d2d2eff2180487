// The guard benchmark's server: each guard in front of the same handler, in its own process so
// autocannon (in the parent, on another core) does not share its core.
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { createServer } from "node:http";
import express, { type RequestHandler } from "express";
import { expressjwt } from "express-jwt";
import jwksRsa from "jwks-rsa";
import { expressAuth } from "../middleware/adapters/express.js";
import { silentLogger } from "../shared/runtime/logger.js";
import { endpointJwksFetcher } from "../shared/tokens/access-token-verifier.js";
import { announceReady, childConfig } from "./child.js";

/** What the server announces: each target is served at `base + path`. */
export interface GuardServerInfo {
  base: string;
}

export interface GuardServerConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  endpoint: string;
  /** Sign-outs shared through this Redis: two middleware instances on it, one serving /require-auth-redis. */
  redisUrl: string;
  /** The targets this process serves. */
  paths: GuardedPath[];
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const config = childConfig<GuardServerConfig>();
const issuer = `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;

const cognito = { region: config.region, userPoolId: config.userPoolId, clientId: config.clientId, clientSecret: config.clientSecret, endpoint: config.endpoint };
/** Closed on SIGTERM. */
const closers: Array<() => Promise<void>> = [];

function requireAuthGuard(redisUrl?: string): RequestHandler {
  const auth = expressAuth({ cognito, logger: silentLogger, ...(redisUrl ? { redis: redisUrl } : {}) });
  closers.push(() => auth.close());
  return auth.requireAuth();
}

/** aws-jwt-verify as most apps wire it by hand: verify on every request (the JWKS is cached). */
function awsJwtVerifyGuard(): RequestHandler {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: config.userPoolId, tokenUse: "access", clientId: config.clientId },
    { jwksCache: new SimpleJwksCache({ fetcher: endpointJwksFetcher(config.endpoint) }) },
  );
  return (req, res, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!token) return void res.status(401).json({ error: "NOT_SIGNED_IN" });
    verifier.verify(token).then(
      (claims) => {
        res.locals.sub = claims.sub;
        next();
      },
      () => void res.status(401).json({ error: "NOT_SIGNED_IN" }),
    );
  };
}

/** express-jwt + jwks-rsa, the other common recipe (it checks signature, issuer and expiry only). */
function expressJwtGuard(): RequestHandler {
  return expressjwt({
    secret: jwksRsa.expressJwtSecret({ jwksUri: `${config.endpoint}/${config.userPoolId}/.well-known/jwks.json`, cache: true, rateLimit: true }) as never,
    algorithms: ["RS256"],
    issuer,
  }) as RequestHandler;
}

const handler: RequestHandler = (req, res) => {
  const sub = req.user?.sub ?? (req as { auth?: { sub?: string } }).auth?.sub ?? (res.locals.sub as string | undefined) ?? "anonymous";
  res.set("cache-control", "no-store").json({ sub });
};
const onError: express.ErrorRequestHandler = (error, _req, res, _next) => void res.status(error?.status ?? 500).json({ error: String(error?.name ?? "error") });

/** Each benchmarked path and what builds the guard in front of its handler (none for /no-auth). */
const GUARDS = {
  "/no-auth": () => [],
  // The same as /no-auth: how far two identical targets differ in one run (A/A), the noise floor.
  "/no-auth-again": () => [],
  // The floor any guard in front of a handler pays: a middleware that only calls next(), and one
  // that also sets a user on req (a new property on every IncomingMessage).
  "/pass-through": () => [(_req, _res, next) => next()],
  "/set-user": () => [(req, _res, next) => ((req as { user?: unknown }).user = { sub: "x" }, next())],
  "/require-auth": () => [requireAuthGuard()],
  // Two instances on one Redis, as behind a load balancer: the bench hits one, the other shares
  // its sign-outs (and heartbeats) through the same Redis.
  "/require-auth-redis": () => {
    const served = requireAuthGuard(config.redisUrl);
    requireAuthGuard(config.redisUrl);
    return [served];
  },
  "/aws-jwt-verify": () => [awsJwtVerifyGuard()],
  "/express-jwt": () => [expressJwtGuard()],
} satisfies Record<string, () => RequestHandler[]>;
export type GuardedPath = keyof typeof GUARDS;

// All targets in one process, so no target keeps a lucky or unlucky process (two identical
// processes can differ by several per cent for their whole life), each in an Express app of its
// own with one route (no route pays for matching another's). The apps share Express's request
// and response prototypes, so Express's code sees one shape of req and res, as in a real app
// with one Express app; a plain http server hands each request to its target's app.
const apps = new Map<string, express.Express>();
let prototypes: { request: unknown; response: unknown } | undefined;
for (const path of config.paths) {
  const app = express();
  app.disable("x-powered-by");
  prototypes ??= { request: app.request, response: app.response };
  Object.assign(app, prototypes);
  app.get(path, ...GUARDS[path](), handler);
  app.use(onError);
  apps.set(path, app);
}
const server = createServer((req, res) => {
  const app = apps.get(req.url ?? "");
  if (app) return void app(req, res);
  res.statusCode = 404;
  res.end();
});
server.listen(0, "127.0.0.1");
await new Promise((resolve) => (server.listening ? resolve(null) : server.once("listening", resolve)));
const address = server.address();
announceReady({ base: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` } satisfies GuardServerInfo);

process.once("SIGTERM", () => {
  void Promise.all(closers.map((close) => close()));
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
