import assert from "node:assert/strict";
import { test } from "node:test";
import { createAccessTokenVerifier } from "../tokens/access-token-verifier.js";
import { createSignInFlow } from "../flow/sign-in-flow.js";
import { serverPort, DEMO } from "../../testing/support/cognito-fixture.js";
import { startLocalCognito } from "./local-cognito.js";

test("the local Cognito prints the endpoint line and each code line in the contract's exact form", async () => {
  const lines: string[] = [];
  const local = await startLocalCognito({ output: (line) => lines.push(line) });
  try {
    assert.match(
      lines[0] ?? "",
      /^\[local-cognito\] endpoint=http:\/\/127\.0\.0\.1:\d+ region=us-east-1 userPoolId=us-east-1_[A-Za-z0-9]+ serverClientId=[a-z0-9]+ serverClientSecret=[a-z0-9]+ publicClientId=[a-z0-9]+$/,
    );
    assert.ok(lines[0]!.includes(`userPoolId=${local.userPoolId}`));
    const flow = createSignInFlow({ cognito: serverPort(local) });
    await flow.signIn(DEMO);
    const code = await local.codes.nextCode(DEMO.username);
    assert.equal(lines[1], `[local-cognito] SMS to +15555550100 for demo@example.com: ${code}`);
    await flow.signIn({ username: "mail@example.com", password: "Mail-Passw0rd!" });
    const emailed = await local.codes.nextCode("mail@example.com");
    assert.equal(lines[2], `[local-cognito] EMAIL to mail@example.com for mail@example.com: ${emailed}`);
  } finally {
    await local.stop();
  }
});

test("its access tokens carry the AWS issuer and verify with aws-jwt-verify against its JWKS", async () => {
  const local = await startLocalCognito({ print: false });
  try {
    assert.match(local.userPoolId, /^us-east-1_[A-Za-z0-9]+$/);
    const flow = createSignInFlow({ cognito: serverPort(local) });
    const outcome = await flow.signIn({ username: "plain@example.com", password: "Plain-Passw0rd!" });
    if (outcome.status !== "signed-in") return assert.fail("expected sign-in");
    const verifier = createAccessTokenVerifier({ userPoolId: local.userPoolId, clientId: local.serverClient.clientId, endpoint: local.endpoint });
    const payload = await verifier.verify(outcome.tokens.accessToken);
    assert.equal(payload.iss, `https://cognito-idp.us-east-1.amazonaws.com/${local.userPoolId}`);
    assert.equal(payload.token_use, "access");
    // A token for another app client is refused.
    const otherClient = createAccessTokenVerifier({ userPoolId: local.userPoolId, clientId: local.publicClientId, endpoint: local.endpoint });
    await assert.rejects(otherClient.verify(outcome.tokens.accessToken));
  } finally {
    await local.stop();
  }
});

test("two local Cognitos run side by side with separate pools and ports", async () => {
  const [a, b] = await Promise.all([startLocalCognito({ print: false }), startLocalCognito({ print: false })]);
  try {
    assert.notEqual(a.endpoint, b.endpoint);
    assert.notEqual(a.userPoolId, b.userPoolId);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
