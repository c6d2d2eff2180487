import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { Cluster } from "ioredis";
import { DEMO, PLAIN, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { redisClusterSkipReason, startRedisCluster, type RedisCluster } from "../../testing/support/redis-cluster.js";
import { answer, CookieBox, openSmsChallenge, startAuthServer, startCognitoBench, type AuthServer, type CognitoBench } from "../../testing/security/security-harness.js";

// Two instances of the middleware, each with its own ioredis Cluster client, on a real 3-node
// Redis Cluster on loopback: challenges, limits and sign-outs (one session and everywhere)
// hold across both, with keys spread over the nodes; a node stopped mid-run is a quick 503,
// never a pass, and the instances recover when it is back.

const skip = redisClusterSkipReason();
if (skip) console.log(`redis.cluster.test.ts skipped: ${skip}`);

/** Limits the shared-state tests never trip (they all sign in from 127.0.0.1); the limit test sets its own. */
const ROOMY = { signInsPerIp: { points: 1000, durationSeconds: 60 }, codesSentPerAccount: { points: 1000, durationSeconds: 3600 }, wrongCodesPerAccount: { points: 1000, durationSeconds: 900 } };
const ACCESS = "__Host-cmk-access";
const BOUND_MS = 2500;

describe("two instances on a 3-node Redis Cluster", { skip }, () => {
  let cluster: RedisCluster;
  let bench: CognitoBench;
  let admin: Cluster;
  const clients: Cluster[] = [];
  const servers: AuthServer[] = [];

  /** A Cluster client as docs/redis.md recommends: no offline queue, short timeouts. */
  function clusterClient(): Cluster {
    const client = new Cluster(cluster.nodes, {
      enableOfflineQueue: false,
      clusterRetryStrategy: () => 200,
      redisOptions: { connectTimeout: 1000, commandTimeout: 1000, maxRetriesPerRequest: 1 },
    });
    client.on("error", () => {}); // a node is stopped on purpose
    clients.push(client);
    return client;
  }
  async function pair(limits: object = ROOMY): Promise<[AuthServer, AuthServer]> {
    const made: [AuthServer, AuthServer] = [await startAuthServer(bench, { redis: clusterClient(), limits }), await startAuthServer(bench, { redis: clusterClient(), limits })];
    servers.push(...made);
    return made;
  }
  async function signedIn(server: AuthServer): Promise<CookieBox> {
    const box = new CookieBox();
    const code = await openSmsChallenge(server, bench, box);
    assert.equal((await answer(server, box, code)).json?.nextStep?.signInStep, "DONE");
    return box;
  }
  const accessOnly = (box: CookieBox) => box.header().split("; ").filter((pair) => pair.startsWith(`${ACCESS}=`)).join("; ");

  before(async () => {
    [cluster, bench] = await Promise.all([startRedisCluster(), startCognitoBench()]);
    admin = new Cluster(cluster.nodes);
    admin.on("error", () => {});
    await new Promise((resolve) => admin.once("ready", resolve));
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    for (const client of [...clients, admin]) client?.disconnect();
    await cluster?.stop();
    await bench?.stop();
  });
  beforeEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    for (const client of clients.splice(0)) client.disconnect();
    await Promise.all(admin.nodes("master").map((node) => node.flushall()));
  });

  test("a challenge opened on A is answered on B; keys land on more than one node", async () => {
    const [a, b] = await pair();
    for (let i = 0; i < 6; i += 1) await signedIn(i % 2 ? a : b); // enough challenges and buckets to spread
    const box = new CookieBox();
    const code = await openSmsChallenge(a, bench, box);
    const done = await answer(b, box, code);
    assert.equal(done.json?.nextStep?.signInStep, "DONE", done.text);
    assert.equal((await a.send("/api/me", { cookie: box.header() })).status, 200);
    assert.equal((await b.send("/auth/session", { cookie: box.header() })).status, 200);
    const sizes = await Promise.all(admin.nodes("master").map((node) => node.dbsize()));
    assert.ok(sizes.filter((size) => size > 0).length >= 2, `keys per node: ${sizes.join(", ")}`);
  });

  test("wrong codes count across both instances and close the challenge for both", async () => {
    const [a, b] = await pair();
    const box = new CookieBox();
    const code = await openSmsChallenge(a, bench, box);
    const left: number[] = [];
    for (const server of [a, b, a, b, a]) {
      const result = await answer(server, box, wrongCodeFor(code));
      assert.equal(result.json?.error?.code, "CODE_MISMATCH", result.text);
      left.push(result.json.error.attemptsLeft);
    }
    assert.deepEqual(left, [4, 3, 2, 1, 0]);
    for (const server of [a, b]) assert.equal((await answer(server, box, code)).json?.error?.code, "CHALLENGE_EXPIRED");
  });

  test("the same right code sent to both instances at once signs in once", async () => {
    const [a, b] = await pair();
    const box = new CookieBox();
    const code = await openSmsChallenge(a, bench, box);
    const results = await Promise.all([a, b, a, b].map((server) => server.send("/auth/confirm-sign-in", { json: { challengeResponse: code }, cookie: box.header() })));
    assert.equal(results.filter((result) => result.status === 200).length, 1, results.map((result) => result.status).join(","));
  });

  test("sign-ins per IP are counted across instances", async () => {
    const [a, b] = await pair({ ...ROOMY, signInsPerIp: { points: 6, durationSeconds: 60 } });
    const wrong = { username: PLAIN.username, password: "not-the-password" };
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await a.send("/auth/sign-in", { json: wrong })).status, 401);
      assert.equal((await b.send("/auth/sign-in", { json: wrong })).status, 401);
    }
    for (const server of [a, b]) assert.equal((await server.send("/auth/sign-in", { json: PLAIN })).json?.error?.code, "RATE_LIMITED");
  });

  test("a sign-out on A is refused by B, and a global sign-out on A ends the user's other session on B", async () => {
    const [a, b] = await pair();
    const [one, two, three] = [await signedIn(a), await signedIn(b), await signedIn(b)];
    for (const box of [one, two, three]) assert.equal((await b.send("/api/me", { cookie: accessOnly(box) })).status, 200, "B caches each verified session");
    assert.equal((await a.send("/auth/sign-out", { method: "POST", cookie: one.header() })).status, 204);
    assert.equal((await b.send("/api/me", { cookie: accessOnly(one) })).status, 401);
    assert.equal((await b.send("/api/me", { cookie: accessOnly(two) })).status, 200, "only that session");
    assert.equal((await a.send("/auth/sign-out", { json: { global: true }, cookie: two.header() })).status, 204);
    assert.equal((await b.send("/api/me", { cookie: accessOnly(three) })).status, 401, "signed out everywhere: B refuses the user's other session");
    assert.equal((await a.send("/api/me", { cookie: accessOnly(three) })).status, 401);
  });

  test("a node stopped mid-run: every answer is quick, Redis-backed routes turn 503, nothing passes; it recovers", async () => {
    const [a, b] = await pair();
    const live = await signedIn(a);
    const out = await signedIn(a);
    for (const box of [live, out]) assert.equal((await b.send("/api/me", { cookie: accessOnly(box) })).status, 200);
    assert.equal((await a.send("/auth/sign-out", { method: "POST", cookie: out.header() })).status, 204);
    const challenge = new CookieBox();
    const code = await openSmsChallenge(b, bench, challenge);

    await cluster.stopNode(0);
    const seen: string[] = [];
    const deadline = Date.now() + 5000; // past cluster-node-timeout (2 s): the cluster goes from "a node gone" to "down"
    let lastSignIns: number[] = [];
    // Past the deadline, at least two more rounds (four sign-ins) judge the "down" state; each
    // answer can take up to BOUND_MS on a loaded machine, so rounds are counted, not timed.
    const hardStop = deadline + 20_000;
    while ((Date.now() < deadline || lastSignIns.length < 4) && Date.now() < hardStop) {
      for (const server of [a, b]) {
        const signIn = await server.send("/auth/sign-in", { json: PLAIN });
        const wrong = await answer(server, challenge, wrongCodeFor(code));
        const signedOut = await server.send("/api/me", { cookie: accessOnly(out) });
        for (const result of [signIn, wrong, signedOut]) {
          assert.ok(result.ms < BOUND_MS, `answered in ${Math.round(result.ms)} ms`);
          if (result.status === 503) {
            assert.equal(result.json?.error?.code, "UPSTREAM_UNAVAILABLE");
            assert.ok(Number(result.headers["retry-after"]) >= 1);
          }
        }
        assert.ok([200, 503].includes(signIn.status), `sign-in: ${signIn.status} ${signIn.text}`);
        assert.notEqual(wrong.status, 200, "a wrong code never signs in");
        assert.ok([401, 503].includes(signedOut.status), `a signed-out session stays out: ${signedOut.status}`);
        seen.push(`${signIn.status}/${wrong.status}/${signedOut.status}`);
        if (Date.now() >= deadline) lastSignIns = [...lastSignIns.slice(-3), signIn.status];
      }
    }
    console.log(`node 0 down, sign-in/wrong-code/signed-out statuses per round: ${seen.join(" ")}`);
    assert.ok(seen.some((statuses) => statuses.includes("503")), `some answers were 503: ${seen.join(" ")}`);
    assert.deepEqual(lastSignIns, [503, 503, 503, 503], "with the cluster down, sign-in is 503 on both instances");
    const recorded = [...a.logger.lines, ...b.logger.lines].filter((line) => line.event === "request.failed" && line.fields.code === "UPSTREAM_UNAVAILABLE");
    assert.ok(recorded.length > 0, "each 503 is logged");

    await cluster.restartNode(0);
    await cluster.waitUntilOk();
    for (const server of [a, b]) {
      const recoverBy = Date.now() + 10_000;
      let status = 0;
      while (Date.now() < recoverBy && status !== 200) {
        status = (await server.send("/auth/sign-in", { json: PLAIN })).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal(status, 200, "the instance recovers once the node is back");
      assert.equal((await server.send("/api/me", { cookie: accessOnly(out) })).status, 401, "and the sign-out still holds");
      assert.equal((await server.send("/api/me", { cookie: accessOnly(live) })).status, 200);
    }
  });
});
