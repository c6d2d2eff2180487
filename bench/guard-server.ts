// The guard benchmark's server: one Express app, the same handler behind four guards, in its
// own process so autocannon (in the parent) does not share its core.
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import express, { type RequestHandler } from "express";
import { expressjwt } from "express-jwt";
import jwksRsa from "jwks-rsa";
import { expressAuth } from "../middleware/adapters/express.js";
import { silentLogger } from "../shared/runtime/logger.js";
import { endpointJwksFetcher } from "../shared/tokens/access-token-verifier.js";
import { announceReady, childConfig } from "./child.js";

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

const app = express();
app.disable("x-powered-by");
const handler: RequestHandler = (req, res) => {
  const sub = req.user?.sub ?? (req as { auth?: { sub?: string } }).auth?.sub ?? (res.locals.sub as string | undefined) ?? "anonymous";
  res.set("cache-control", "no-store").json({ sub });
};
app.get("/no-auth", handler);
app.get("/require-auth", auth.requireAuth(), handler);
app.get("/require-auth-redis", onRedis.requireAuth(), handler);
app.get("/aws-jwt-verify", awsJwtVerify, handler);
app.get("/express-jwt", expressJwt, handler);
app.use(((error, _req, res, _next) => void res.status(error?.status ?? 500).json({ error: String(error?.name ?? "error") })) as express.ErrorRequestHandler);

const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  announceReady({ base: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` });
});
process.once("SIGTERM", () => {
  void Promise.all([onRedis.close(), peerOnRedis.close()]);
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
