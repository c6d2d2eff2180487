import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEMO, PLAIN, wrongCodeFor } from "../../testing/support/cognito-fixture.js";
import { answer, CookieBox, openSmsChallenge, startAuthServer, startCognitoBench, type AuthServer, type CognitoBench } from "../../testing/security/security-harness.js";

// The guide's first principle: passwords, codes, Cognito Sessions, tokens and client secrets
// never appear in a log line. A full flow, failures included, against a memory logger.

let bench: CognitoBench;
let server: AuthServer;
before(async () => {
  bench = await startCognitoBench();
  server = await startAuthServer(bench, { cognito: { timeoutMs: 1000 } });
});
after(async () => {
  await server.close();
  await bench.stop();
});

test("a full flow with failures logs events and request ids, never a password, code, Cognito Session, token or secret", async () => {
  const secrets = new Set<string>([DEMO.password, PLAIN.password, "Wr0ng-Passw0rd!", bench.local.serverClient.clientSecret]);
  const answersFrom = bench.proxy.answers.length;

  await server.send("/auth/sign-in", { json: { username: DEMO.username, password: "Wr0ng-Passw0rd!" } });
  const box = new CookieBox();
  const code = await openSmsChallenge(server, bench, box);
  secrets.add(code).add(box.get("__Host-cmk-challenge")!);
  await answer(server, box, wrongCodeFor(code));
  secrets.add(wrongCodeFor(code));
  await answer(server, box, code);
  await server.send("/auth/session", { cookie: box.header() });
  await server.send("/api/me", { cookie: box.header() });
  box.take(await server.send("/auth/refresh", { method: "POST", cookie: box.header() }));
  // Failures log their causes: make sure causes carry no secrets either.
  bench.proxy.setFault((call) => (call.operation === "InitiateAuth" ? { stall: true } : undefined));
  await server.send("/auth/sign-in", { json: PLAIN });
  bench.proxy.setFault((call) => (call.operation === "InitiateAuth" ? { error: "ResourceNotFoundException", message: "User pool does not exist." } : undefined));
  await server.send("/auth/sign-in", { json: PLAIN });
  bench.proxy.setFault(undefined);
  const plain = new CookieBox();
  plain.take(await server.send("/auth/sign-in", { json: PLAIN }));
  for (const name of plain.names()) secrets.add(plain.get(name)!);
  for (const name of box.names()) secrets.add(box.get(name)!);
  await server.send("/auth/sign-out", { method: "POST", cookie: box.header() });
  await server.send("/auth/sign-out", { method: "POST", cookie: box.header() }); // already revoked

  for (const { body } of bench.proxy.answers.slice(answersFrom)) {
    for (const value of [body.Session, body.AuthenticationResult?.AccessToken, body.AuthenticationResult?.IdToken, body.AuthenticationResult?.RefreshToken]) {
      if (typeof value === "string") secrets.add(value);
    }
  }
  const lines = server.logger.lines;
  assert.ok(lines.length >= 8, "the flow was logged");
  assert.ok(lines.every((line) => typeof line.fields.requestId === "string" || line.event.startsWith("token.")), "each event carries a correlation id");
  const logText = JSON.stringify(lines);
  for (const secret of secrets) {
    assert.ok(secret.length >= 6);
    assert.equal(logText.includes(secret), false, `a secret (${secret.slice(0, 4)}…) is in the log`);
  }
  // JWTs leave a recognisable prefix even when cut.
  assert.doesNotMatch(logText, /eyJ[\w-]{20,}/);
});
