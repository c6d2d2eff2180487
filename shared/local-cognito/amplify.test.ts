import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, fetchDevices, forgetDevice, rememberDevice, signIn, signOut } from "aws-amplify/auth";
import { startQuietLocalCognito, DEMO, NEWPASS } from "../../testing/support/cognito-fixture.js";
import type { LocalCognito } from "./local-cognito.js";

// Amplify v6 at its defaults (signIn is USER_SRP_AUTH; it confirms new devices itself),
// against the local Cognito with only the endpoint changed. Where Amplify and our
// understanding disagree, Amplify is the reference.
// Shim: Amplify names a new device from `navigator.userAgent` before ConfirmDevice. Node 20
// has no `navigator` (Node 21+ does), and without a name Amplify silently skips ConfirmDevice,
// so rememberDevice would find no device. Nothing else is shimmed: storage falls back to
// Amplify's in-memory store, and crypto.getRandomValues is global in Node 20.
if (typeof globalThis.navigator === "undefined") {
  Object.defineProperty(globalThis, "navigator", { value: { userAgent: `node/${process.version}` }, configurable: true });
}

let local: LocalCognito;
before(async () => {
  local = await startQuietLocalCognito();
  Amplify.configure({ Auth: { Cognito: { userPoolId: local.userPoolId, userPoolClientId: local.publicClientId, userPoolEndpoint: local.endpoint } } });
});
after(() => local.stop());

test("Amplify: signIn (SRP) → SMS code → DONE; rememberDevice; next signIn is DONE without a code; forgetDevice asks again", async () => {
  const first = await signIn({ username: DEMO.username, password: DEMO.password });
  assert.equal(first.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
  const done = await confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
  assert.equal(done.nextStep.signInStep, "DONE");
  await rememberDevice();
  const devices = await fetchDevices();
  assert.equal(devices.length, 1);
  await signOut();

  const codesBefore = local.codes.countFor(DEMO.username);
  const again = await signIn({ username: DEMO.username, password: DEMO.password });
  assert.equal(again.nextStep.signInStep, "DONE", "the remembered device answered DEVICE_SRP_AUTH");
  assert.equal(local.codes.countFor(DEMO.username), codesBefore);
  // Amplify refreshes with the DEVICE_KEY, which the local Cognito requires for this token.
  const refreshed = await fetchAuthSession({ forceRefresh: true });
  assert.ok(refreshed.tokens?.accessToken);

  await forgetDevice();
  await signOut();
  const third = await signIn({ username: DEMO.username, password: DEMO.password });
  assert.equal(third.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
  assert.equal((await confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) })).nextStep.signInStep, "DONE");
  await signOut();
});

test("Amplify: a wrong password is NotAuthorizedException, also for a user who must set a new password", async () => {
  await signOut();
  for (const username of [DEMO.username, NEWPASS.username]) {
    await assert.rejects(signIn({ username, password: "Wrong-Passw0rd!" }), (error: Error) => error.name === "NotAuthorizedException");
  }
  const right = await signIn({ username: NEWPASS.username, password: NEWPASS.password });
  assert.equal(right.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED");
});
