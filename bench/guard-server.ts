// The guard benchmark's server: the same handler behind each guard, in its own process so
// autocannon (in the parent) does not share its core. Each guard gets an Express app of its own,
// with one route, on its own port: Express matches routes in the order they were added, so in
// one shared app every route after the first would pay for the ones before it.
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import express, { type RequestHandler } from "express";
import { expressjwt } from "express-jwt";
import jwksRsa from "jwks-rsa";
import { expressAuth } from "../middleware/adapters/express.js";
import { silentLogger } from "../shared/runtime/logger.js";
import { endpointJwksFetcher } from "../shared/tokens/access-token-verifier.js";
import { announceReady, childConfig } from "./child.js";

/** What the server announces: where each path is served (`bases[path] + path`). */
export interface GuardServerInfo {
  bases: Record<string, string>;
}

export interface GuardServerConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  endpoint: string;
  /** Sign-outs shared through this Redis: two middleware instances on it, one serving /require-auth-redis. */
  redisUrl: string;
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const config = childConfig<GuardServerConfig>();
const issuer = `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;

const cognito = { region: config.region, userPoolId: config.userPoolId, clientId: config.clientId, clientSecret: config.clientSecret, endpoint: config.endpoint };
const auth = expressAuth({ cognito, logger: silentLogger });
// Two instances on one Redis, as behind a load balancer: the bench hits one, the other shares
// its sign-outs (and heartbeats) through the same Redis.
const onRedis = expressAuth({ cognito, logger: silentLogger, redis: config.redisUrl });
const peerOnRedis = expressAuth({ cognito, logger: silentLogger, redis: config.redisUrl });

// aws-jwt-verify as most apps wire it by hand: verify on every request (the JWKS is cached).
const verifier = CognitoJwtVerifier.create(
  { userPoolId: config.userPoolId, tokenUse: "access", clientId: config.clientId },
  { jwksCache: new SimpleJwksCache({ fetcher: endpointJwksFetcher(config.endpoint) }) },
);
const awsJwtVerify: RequestHandler = (req, res, next) => {
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

// express-jwt + jwks-rsa, the other common recipe (it checks signature, issuer and expiry only).
const expressJwt = expressjwt({
  secret: jwksRsa.expressJwtSecret({ jwksUri: `${config.endpoint}/${config.userPoolId}/.well-known/jwks.json`, cache: true, rateLimit: true }) as never,
  algorithms: ["RS256"],
  issuer,
});

const handler: RequestHandler = (req, res) => {
  const sub = req.user?.sub ?? (req as { auth?: { sub?: string } }).auth?.sub ?? (res.locals.sub as string | undefined) ?? "anonymous";
  res.set("cache-control", "no-store").json({ sub });
};
const onError: express.ErrorRequestHandler = (error, _req, res, _next) => void res.status(error?.status ?? 500).json({ error: String(error?.name ?? "error") });

/** Each benchmarked path and the guard in front of its handler (none for /no-auth). */
const GUARDED_PATHS = ["/no-auth", "/pass-through", "/set-user", "/require-auth", "/require-auth-redis", "/aws-jwt-verify", "/express-jwt"] as const;
const guards: Record<(typeof GUARDED_PATHS)[number], RequestHandler[]> = {
  "/no-auth": [],
  // The floor any guard in front of a handler pays: a middleware that only calls next(), and one
  // that also sets a user on req (a new property on every IncomingMessage).
  "/pass-through": [(_req, _res, next) => next()],
  "/set-user": [(req, _res, next) => ((req as { user?: unknown }).user = { sub: "x" }, next())],
  "/require-auth": [auth.requireAuth()],
  "/require-auth-redis": [onRedis.requireAuth()],
  "/aws-jwt-verify": [awsJwtVerify],
  "/express-jwt": [expressJwt as RequestHandler],
};

const servers = GUARDED_PATHS.map((path) => {
  const app = express();
  app.disable("x-powered-by");
  app.get(path, ...guards[path], handler);
  app.use(onError);
  return { path, server: app.listen(0, "127.0.0.1") };
});
await Promise.all(servers.map(({ server }) => new Promise((resolve) => server.listening ? resolve(null) : server.once("listening", resolve))));
const bases: Record<string, string> = {};
for (const { path, server } of servers) {
  const address = server.address();
  bases[path] = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}
/** Where each path is served: `bases[path] + path`. */
announceReady({ bases });

process.once("SIGTERM", () => {
  void Promise.all([onRedis.close(), peerOnRedis.close()]);
  let open = servers.length;
  for (const { server } of servers) {
    server.closeAllConnections();
    server.close(() => --open === 0 && process.exit(0));
  }
});
