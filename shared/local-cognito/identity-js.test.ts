import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession, type ICognitoStorage } from "amazon-cognito-identity-js";
import { startQuietLocalCognito, DEMO, NEWPASS } from "../../testing/support/cognito-fixture.js";
import type { LocalCognito } from "./local-cognito.js";

// amazon-cognito-identity-js, AWS's own SRP client, against the local Cognito with only the
// endpoint changed. Where it and our understanding disagree, it is the reference.
let local: LocalCognito;
let pool: CognitoUserPool;
/** One "browser": identity-js keeps tokens and the device key/secret here. */
const storage = new Map<string, string>();
const memoryStorage: ICognitoStorage = {
  setItem: (key, value) => void storage.set(key, value),
  getItem: (key) => storage.get(key) ?? null,
  removeItem: (key) => void storage.delete(key),
  clear: () => storage.clear(),
};

before(async () => {
  local = await startQuietLocalCognito();
  pool = new CognitoUserPool({ UserPoolId: local.userPoolId, ClientId: local.publicClientId, endpoint: local.endpoint, Storage: memoryStorage });
});
after(() => local.stop());

type Outcome = { kind: "success"; session: CognitoUserSession } | { kind: "mfa"; user: CognitoUser } | { kind: "new-password" } | { kind: "failure"; error: { code?: string; name?: string } };

function authenticate(username: string, password: string): Promise<Outcome> {
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: memoryStorage });
  return new Promise((resolve) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session) => resolve({ kind: "success", session }),
      onFailure: (error) => resolve({ kind: "failure", error }),
      mfaRequired: () => resolve({ kind: "mfa", user }),
      newPasswordRequired: () => resolve({ kind: "new-password" }),
    }),
  );
}

function sendMfaCode(user: CognitoUser, code: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => user.sendMFACode(code, { onSuccess: (session) => resolve(session), onFailure: reject }));
}

test("identity-js: authenticateUser (SRP) → mfaRequired → sendMFACode → onSuccess, then a remembered device skips the code", async () => {
  const first = await authenticate(DEMO.username, DEMO.password);
  assert.equal(first.kind, "mfa");
  if (first.kind !== "mfa") return;
  const session = await sendMfaCode(first.user, await local.codes.nextCode(DEMO.username));
  assert.ok(session.isValid());
  // identity-js confirmed the new device itself (ConfirmDevice) and cached its key and secret.
  await new Promise((resolve, reject) => first.user.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }));

  const codesBefore = local.codes.countFor(DEMO.username);
  const second = await authenticate(DEMO.username, DEMO.password);
  assert.equal(second.kind, "success", "DEVICE_SRP_AUTH answered by identity-js, no MFA");
  assert.equal(local.codes.countFor(DEMO.username), codesBefore);

  // Its refresh sends the DEVICE_KEY, as Cognito requires for a confirmed device.
  if (second.kind !== "success") return;
  const user = new CognitoUser({ Username: DEMO.username, Pool: pool, Storage: memoryStorage });
  const refreshed = await new Promise<CognitoUserSession>((resolve, reject) => user.refreshSession(second.session.getRefreshToken(), (error, result) => (error ? reject(error) : resolve(result))));
  assert.ok(refreshed.getAccessToken().getJwtToken());

  // Forgotten: the code is asked again.
  user.setSignInUserSession(refreshed);
  await new Promise((resolve, reject) => user.forgetDevice({ onSuccess: resolve, onFailure: reject }));
  assert.equal((await authenticate(DEMO.username, DEMO.password)).kind, "mfa");
});

test("identity-js: a wrong password fails with NotAuthorizedException, also for a FORCE_CHANGE_PASSWORD user", async () => {
  for (const username of [DEMO.username, NEWPASS.username]) {
    const outcome = await authenticate(username, "Wrong-Passw0rd!");
    assert.equal(outcome.kind, "failure");
    if (outcome.kind === "failure") assert.equal(outcome.error.code ?? outcome.error.name, "NotAuthorizedException");
  }
  assert.equal((await authenticate(NEWPASS.username, NEWPASS.password)).kind, "new-password");
});
