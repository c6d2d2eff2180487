import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEMO, PLAIN } from "../../testing/support/cognito-fixture.js";
import { startCognitoBench, withAuthServer, type CognitoBench } from "../../testing/security/security-harness.js";

// The client's address reaches Cognito (UserContextData.IpAddress) for its threat protection,
// and only trusted proxy hops decide what that address is.

let bench: CognitoBench;
before(async () => {
  bench = await startCognitoBench();
});
after(() => bench.stop());

async function ipSentToCognito(trustProxy: number, forwardedFor?: string): Promise<string[]> {
  return withAuthServer(bench, { trustProxy }, async (server) => {
    const before = bench.proxy.calls.length;
    const headers = forwardedFor ? { "x-forwarded-for": forwardedFor } : undefined;
    const result = await server.send("/auth/sign-in", { json: DEMO, ...(headers ? { headers } : {}) });
    assert.equal(result.status, 200);
    await bench.local.codes.nextCode(DEMO.username);
    // With SRP a sign-in is two calls (InitiateAuth, then PASSWORD_VERIFIER): each carries the same address.
    const calls = bench.proxy.calls.slice(before);
    assert.ok(calls.length >= 1);
    return [...new Set(calls.map((call) => call.body.UserContextData?.IpAddress))];
  });
}

test("sign-in sends the socket's address to Cognito as UserContextData.IpAddress", async () => {
  assert.deepEqual(await ipSentToCognito(0), ["127.0.0.1"]);
});

test("without trustProxy a spoofed X-Forwarded-For does not reach Cognito", async () => {
  assert.deepEqual(await ipSentToCognito(0, "203.0.113.9"), ["127.0.0.1"]);
});

test("with trustProxy: 1 the address our proxy appended is sent, not what the client wrote before it", async () => {
  assert.deepEqual(await ipSentToCognito(1, "198.51.100.7, 203.0.113.9"), ["203.0.113.9"]);
});

test("with trustProxy, an X-Forwarded-For entry that is not an IP address is never sent to Cognito as one", async () => {
  assert.deepEqual(await ipSentToCognito(1, "203.0.113.9, not-an-ip"), ["127.0.0.1"]);
  assert.deepEqual(await ipSentToCognito(2, "198.51.100.7, unknown, 203.0.113.9"), ["203.0.113.9"], "the nearest trusted hop that is an address");
});

test("an IPv4-mapped IPv6 address is sent as the IPv4 address", async () => {
  assert.deepEqual(await ipSentToCognito(1, "::ffff:203.0.113.9"), ["203.0.113.9"]);
});

// Check 32: IPv6 clients are limited per /64; entries that are not addresses do not make buckets.
describe("check 32: the sign-in limit's IP buckets", () => {
  const wrongPassword = { username: PLAIN.username, password: "not-the-password" };
  const from = (forwardedFor: string) => ({ json: wrongPassword, headers: { "x-forwarded-for": forwardedFor } });

  test("IPv6 clients in one /64 share the limit (rotating the interface id does not help); another /64 does not", () =>
    withAuthServer(bench, { trustProxy: 1 }, async (server) => {
      for (let i = 0; i < 20; i += 1) assert.equal((await server.send("/auth/sign-in", from(`2001:db8:1:2:${i.toString(16)}:0:0:1`))).status, 401);
      const initiates = bench.proxy.count("InitiateAuth");
      for (const sameSlash64 of ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:DB8:1:2::7", "2001:db8:0001:0002::1%eth0"]) {
        const refused = await server.send("/auth/sign-in", from(sameSlash64));
        assert.equal(refused.status, 429, `${sameSlash64}: ${refused.text}`);
        assert.equal(refused.json.error.code, "RATE_LIMITED");
      }
      assert.equal(bench.proxy.count("InitiateAuth"), initiates, "refused before Cognito");
      assert.equal((await server.send("/auth/sign-in", from("2001:db8:1:3::1"))).status, 401, "the next /64 is another client");
    }));

  test("an IPv4 client and its IPv4-mapped IPv6 form are one bucket", () =>
    withAuthServer(bench, { trustProxy: 1 }, async (server) => {
      for (let i = 0; i < 10; i += 1) {
        assert.equal((await server.send("/auth/sign-in", from("203.0.113.7"))).status, 401);
        assert.equal((await server.send("/auth/sign-in", from("::ffff:203.0.113.7"))).status, 401);
      }
      assert.equal((await server.send("/auth/sign-in", from("::ffff:cb00:7107"))).status, 429);
    }));

  test("X-Forwarded-For entries that are not IP addresses are ignored: made-up ones do not buy fresh buckets", () =>
    withAuthServer(bench, { trustProxy: 1 }, async (server) => {
      for (let i = 0; i < 20; i += 1) assert.equal((await server.send("/auth/sign-in", from(`client-${i}`))).status, 401);
      const refused = await server.send("/auth/sign-in", from("yet-another-name"));
      assert.equal(refused.status, 429, "every made-up entry fell back to the socket's address");
    }));
});
