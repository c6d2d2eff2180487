import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { Redis } from "ioredis";
import { AuthError } from "../../shared/errors/auth-error.js";
import { redisSkipReason, scriptCalls, startRedisServer, type RedisServer } from "../../testing/support/redis-server.js";
import { startFreezeProxy, type FreezeProxy } from "../../testing/support/tcp-freeze-proxy.js";
import { RedisRevocationList } from "./redis-revocation-list.js";

// Two instances' revocation lists on one real redis-server: B answers requireAuth's question
// from its local copy (no Redis round trip per request), a sign-out on A is refused on B within
// the pub/sub bound, and when B's subscription breaks (closed, or silent) B asks Redis again or
// fails closed, never trusting a copy that may have missed the sign-out.

const settings = { heartbeatMs: 100, silentAfterMs: 300 };
const SUB = "11111111-2222-3333-4444-555555555555";
let sessionCounter = 0;
const newSession = () => ({ sessionId: `session-${(sessionCounter += 1)}`, sub: SUB, authTimeSeconds: Math.floor(Date.now() / 1000) - 60 });

describe("the revocation cache on a real Redis", { skip: redisSkipReason() }, () => {
  let server: RedisServer;
  let proxy: FreezeProxy;
  let admin: Redis;
  let clients: Redis[] = [];
  let lists: RedisRevocationList[] = [];

  const client = (port: number) => {
    const redis = new Redis({ port, host: "127.0.0.1", enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    redis.on("error", () => {});
    clients.push(redis);
    return redis;
  };
  const list = (redis: Redis) => {
    const made = new RedisRevocationList(redis, { cache: settings });
    lists.push(made);
    return made;
  };
  /**
   * B, checked once with Redis and then answering `session` locally, from the memo it keeps on
   * the check (as for the guard's check of a cached token): every test below starts from it.
   */
  async function warm(b: RedisRevocationList, session: ReturnType<typeof newSession> & { cleanFor?: object }) {
    await waitFor(() => b.cache.live, 2000, "B hears its own heartbeats");
    await waitFor(async () => (await b.isRevoked(session)) === false && session.cleanFor === session, 2000, "B keeps its local answer on the check");
  }

  before(async () => {
    server = await startRedisServer();
    proxy = await startFreezeProxy({ host: "127.0.0.1", port: server.port });
    admin = new Redis(server.url);
  });
  after(async () => {
    await closeAll();
    admin?.disconnect();
    await proxy?.close();
    await server?.stop();
  });
  async function closeAll() {
    await Promise.all(lists.map((made) => made.close()));
    for (const redis of clients) redis.disconnect();
    [lists, clients] = [[], []];
  }
  beforeEach(async () => {
    await closeAll();
    await admin.flushall();
    await admin.config("RESETSTAT");
  });

  test("B answers 1,000 checks of a verified session from its local copy: no Redis round trip per request", async () => {
    const b = list(client(server.port));
    const session = newSession();
    await warm(b, session);
    const before = await scriptCalls(admin);
    for (let i = 0; i < 1000; i += 1) assert.equal(await b.isRevoked(session), false);
    assert.ok((await scriptCalls(admin)) - before <= 1, `${(await scriptCalls(admin)) - before} script calls for 1,000 checks`);
  });

  test("a sign-out on A is refused on B within milliseconds (the pub/sub bound), and a global one too", async () => {
    const a = list(client(server.port));
    const b = list(client(server.port));
    const [one, two] = [newSession(), { ...newSession(), sub: "another-user" }];
    await warm(b, one);
    await warm(b, two);
    const started = performance.now();
    await a.revokeSession(one, Date.now() + 60_000);
    await waitFor(async () => await b.isRevoked(one), 200, "B refuses the session signed out on A");
    const sessionMs = performance.now() - started;
    const globalStarted = performance.now();
    await a.revokeUser(two.sub, Date.now());
    await waitFor(async () => await b.isRevoked(two), 200, "B refuses the user signed out everywhere on A");
    const globalMs = performance.now() - globalStarted;
    assert.ok(sessionMs < 200 && globalMs < 200, `${sessionMs.toFixed(1)} ms, ${globalMs.toFixed(1)} ms`);
    console.log(`sign-out on A refused on B after ${sessionMs.toFixed(1)} ms (global: ${globalMs.toFixed(1)} ms)`);
    assert.equal(await b.isRevoked({ ...two, sessionId: "later", authTimeSeconds: Math.floor(Date.now() / 1000) + 2 }), false, "a later sign-in of that user is not refused");
  });

  test("B's subscriber connection killed: a sign-out published while it is gone is still refused on B", async () => {
    const a = list(client(server.port));
    const b = list(client(server.port));
    const session = newSession();
    await warm(b, session);
    await warm(a, newSession());
    // Kill B's subscriber only; B's command connection and A stay up.
    const subscribers = ((await admin.call("CLIENT", "LIST", "TYPE", "pubsub")) as string).trim().split("\n");
    assert.equal(subscribers.length, 2, "A's and B's subscribers");
    await admin.call("CLIENT", "KILL", "TYPE", "pubsub");
    await new Promise((resolve) => setTimeout(resolve, 10)); // B sees its connection close
    await a.revokeSession(session, Date.now() + 60_000);
    const [, listening] = (await admin.call("PUBSUB", "NUMSUB", "cmk:revocations")) as [string, number];
    assert.equal(listening, 0, "the sign-out's message reached no subscriber: B missed it");
    assert.equal(await b.isRevoked(session), true, "B asked Redis instead of its copy");
    await waitFor(() => b.cache.live, 2000, "B re-subscribes and trusts its copy again");
  });

  test("B's connections silently dead (half-open): after silentAfterMs B no longer answers from its copy; it fails closed", async () => {
    const a = list(client(server.port));
    const b = list(client(proxy.port));
    const session = newSession();
    await warm(b, session);
    proxy.freeze();
    try {
      await a.revokeSession(session, Date.now() + 60_000);
      await new Promise((resolve) => setTimeout(resolve, settings.silentAfterMs + 2 * settings.heartbeatMs));
      const started = performance.now();
      await assert.rejects(b.isRevoked(session), (error: unknown) => error instanceof AuthError && error.code === "UPSTREAM_UNAVAILABLE", "not a stale 'not signed out'");
      assert.ok(performance.now() - started < 2500, "bounded by the Redis deadline");
    } finally {
      proxy.thaw();
    }
    await waitFor(async () => (await b.isRevoked(session).catch(() => false)) === true, 5000, "B reconnects and sees the sign-out");
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
