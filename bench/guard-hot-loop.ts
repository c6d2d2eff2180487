// `npm run bench:guard-hot`: what `requireAuth()` costs per request, a real token from the local
// Cognito verified once, then the Express guard called on request objects with header strings
// of their own, beside the same loop that only sets `req.user`. Twice: with warm caches (a
// million calls in a row), and with the caches cold (between calls a stream through a buffer
// larger than the core's L2 cache, as a server's ~100 µs of other work per request does; each
// call in a turn of the event loop of its own). Read it next to section 2 (docs/performance.md).
import type { Request, Response } from "express";
import { expressAuth } from "../middleware/adapters/express.js";
import { startLocalCognito } from "../shared/local-cognito/local-cognito.js";
import { SEED_USERS } from "../shared/local-cognito/seed-users.js";
import { silentLogger } from "../shared/runtime/logger.js";
import { accessTokenFor } from "./access-token.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const requests = 1_000_000;
/** Cold calls per side, in blocks that alternate between the guard and the floor. */
const coldCalls = 20_000;
const coldBlock = 2_000;
const evictBytes = Number(process.env.GUARD_HOT_EVICT_MIB ?? 8) * 1024 * 1024;

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

// Cold: the header string is made fresh after the eviction, as the parser makes it just before.
const junk = new Uint8Array(evictBytes);
const rawHeader = Buffer.from(`Bearer ${token}`, "latin1");
const coldRequest = () => ({ headers: { authorization: rawHeader.toString("latin1") }, socket: { remoteAddress: "127.0.0.1" } }) as unknown as Request;
const evict = () => {
  for (let i = 0; i < junk.length; i += 64) junk[i]! += 1;
};
const turn = () => new Promise((resolve) => setImmediate(resolve));
async function coldNs(work: (req: Request) => void, calls: number): Promise<number> {
  let total = 0n;
  for (let i = 0; i < calls; i++) {
    await turn();
    const req = coldRequest();
    evict();
    const start = process.hrtime.bigint();
    work(req);
    total += process.hrtime.bigint() - start;
  }
  return Number(total) / calls;
}
const coldGuard = (req: Request) => guard(req, refused, () => void passed++);
const coldFloor = (req: Request) => void ((req as { user?: unknown }).user = { sub: "x" }, passed++);
await coldNs(coldGuard, coldBlock);
await coldNs(coldFloor, coldBlock);
const guardCold: number[] = [];
const floorCold: number[] = [];
for (let i = 0; i < coldCalls / coldBlock; i++) {
  floorCold.push(await coldNs(coldFloor, coldBlock));
  guardCold.push(await coldNs(coldGuard, coldBlock));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
if (passed !== 2 * (warmUp + requests) + 2 * (coldCalls + coldBlock)) throw new Error(`only ${passed} requests passed`);
process.stdout.write(
  `requireAuth(), cold caches (${evictBytes >> 20} MiB streamed between calls): ${median(guardCold).toFixed(0)} ns per request; setting req.user: ${median(floorCold).toFixed(0)} ns; the guard's own: ${(median(guardCold) - median(floorCold)).toFixed(0)} ns (median of ${guardCold.length} blocks of ${coldBlock})\n`,
);
await auth.close();
await local.stop();
process.exit(0);
