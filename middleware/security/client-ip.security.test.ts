import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEMO } from "../../testing/support/cognito-fixture.js";
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
    return bench.proxy.calls.slice(before).map((call) => call.body.UserContextData?.IpAddress);
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
