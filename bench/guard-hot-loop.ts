// `npm run bench:guard-hot`: what `requireAuth()` costs per request with warm caches — a real
// token from the local Cognito verified once, then the Express guard called a million times
// on request objects with header strings of their own, beside the same loop that only sets
// `req.user`. Read it next to section 2, where the same code runs among Express's and Node's
// ~100 µs per request with cold caches (docs/performance.md).
import type { Request, Response } from "express";
import { expressAuth } from "../middleware/adapters/express.js";
import { startLocalCognito } from "../shared/local-cognito/local-cognito.js";
import { SEED_USERS } from "../shared/local-cognito/seed-users.js";
import { silentLogger } from "../shared/runtime/logger.js";
import { accessTokenFor } from "./access-token.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const requests = 1_000_000;
const local = await startLocalCognito({ print: false, users: SEED_USERS });
const token = await accessTokenFor(local);
const { clientId, clientSecret } = local.serverClient;
const auth = expressAuth({ cognito: { region: local.region, userPoolId: local.userPoolId, clientId, clientSecret, endpoint: local.endpoint }, logger: silentLogger });
const guard = auth.requireAuth();
const refused = { setHeader() {}, getHeader() {}, end() { throw new Error("the guard refused the token"); } } as unknown as Response;
// Requests as Node's parser hands them over: each header a flat string of its own (a JSON round
// trip makes one), never the string the cache stored.
const headers = Array.from({ length: 1024 }, () => JSON.parse(JSON.stringify(`Bearer ${token}`)) as string);
let next = 0;
const requestOf = () => ({ headers: { authorization: headers[next++ & 1023] }, socket: { remoteAddress: "127.0.0.1" } }) as unknown as Request;

// The first request verifies the token (JWKS fetch, RS256); every later one is the cached path.
await new Promise<void>((resolve) => guard(requestOf(), refused, () => resolve()));
let passed = 0;
const guarded = () => guard(requestOf(), refused, () => void passed++);
const floor = () => void ((requestOf() as { user?: unknown }).user = { sub: "x" }, passed++);
const warmUp = requests / 5;
const nsPer = (work: () => void) => {
  for (let i = 0; i < warmUp; i++) work();
  const start = process.hrtime.bigint();
  for (let i = 0; i < requests; i++) work();
  return Number(process.hrtime.bigint() - start) / requests;
};
const floorNs = nsPer(floor);
const guardNs = nsPer(guarded);
// Both loops count every request they pass: none may have been refused or left waiting.
if (passed !== 2 * (warmUp + requests)) throw new Error(`only ${passed} requests passed`);
process.stdout.write(`requireAuth(), warm caches: ${guardNs.toFixed(0)} ns per request; building a request and setting req.user: ${floorNs.toFixed(0)} ns; the guard's own: ${(guardNs - floorNs).toFixed(0)} ns\n`);
await auth.close();
await local.stop();
process.exit(0);
