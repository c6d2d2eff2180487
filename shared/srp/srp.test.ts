import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { createDeviceVerifier, createSrpSession, signSrpSession, signSrpSessionWithDevice } from "cognito-srp-helper";
import { fromHex, N, padHex, k } from "./group.js";
import { modPow, modPowBigInt, powG } from "./mod-pow.js";
import { cognitoTimestamp, derivedKey, parseCognitoTimestamp } from "./password-claim.js";
import { createDeviceSecret, createSrpClient } from "./srp-client.js";
import { checkPasswordClaim, passwordVerifier, startServerSrp } from "./srp-server.js";

// Known-answer tests against the two SRP implementations written for Cognito by others:
// amazon-cognito-identity-js's AuthenticationHelper (AWS's own) and cognito-srp-helper.
const require = createRequire(import.meta.url);
// Not in the package's typings, but exported by its index.
const { AuthenticationHelper } = require("amazon-cognito-identity-js") as { AuthenticationHelper: new (poolName: string) => Helper };
const BigInteger = require("amazon-cognito-identity-js/lib/BigInteger.js").default as new (hex: string, radix: number) => { toString(radix: number): string };
type Helper = Record<string, any>;
/** identity-js's helper with a fixed secret a, so both sides compute from the same inputs. */
function identityHelper(poolName: string, smallA: bigint): Helper {
  const helper = new AuthenticationHelper(poolName);
  helper.smallAValue = new BigInteger(smallA.toString(16), 16);
  helper.largeAValue = undefined;
  helper.getLargeAValue(() => {});
  return helper;
}
const theirKey = (helper: Helper, userId: string, password: string, srpB: string, salt: string) =>
  new Promise<Buffer>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(userId, password, new BigInteger(srpB, 16), new BigInteger(salt, 16), (error: Error | null, key: Buffer) => (error ? reject(error) : resolve(Buffer.from(key)))),
  );
/** The signature the way CognitoUser.js makes it from the helper's key. */
const theirSignature = (key: Buffer, poolName: string, userId: string, secretBlock: string, timestamp: string) =>
  createHmac("sha256", key)
    .update(Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(secretBlock, "base64"), Buffer.from(timestamp)]))
    .digest("base64");

const POOL_NAME = "AbCdEf123";
const USER = "demo@example.com";
const PASSWORD = "Demo-Passw0rd!";
const SECRET_BLOCK = randomBytes(64).toString("base64");
const FIXED_A = fromHex("3f".repeat(128));
const FIXED_B = fromHex("5a".repeat(128));
const FIXED_SALT = fromHex("c0ffee".repeat(5) + "01");
const random = (bytes: number) => fromHex(randomBytes(bytes).toString("hex"));

describe("SRP arithmetic", () => {
  test("native g^e and base^e mod N equal BigInt square-and-multiply on random inputs", () => {
    for (const bytes of [1, 16, 32, 128, 256, 383]) {
      const exponent = random(bytes);
      const base = random(384) % N;
      assert.equal(powG(exponent), modPowBigInt(2n, exponent));
      assert.equal(modPow(base, exponent), modPowBigInt(base, exponent));
      assert.equal(modPow(base, exponent | 1n), modPowBigInt(base, exponent | 1n));
    }
    assert.equal(modPow(7n, 0n), 1n);
    assert.equal(modPow(7n, 1n), 7n);
  });

  test("padHex: even length, and a leading 00 when the high bit is set", () => {
    assert.equal(padHex(0x14n), "14");
    assert.equal(padHex(0xecn), "00ec");
    assert.equal(padHex(0xabcn), "0abc");
    assert.equal(padHex(0x8abcn), "008abc");
    assert.equal(padHex(N).slice(0, 4), "00ff");
    assert.equal(padHex(2n), "02");
  });

  test("k, A and the key match identity-js's AuthenticationHelper for fixed a, B and salt", async () => {
    const helper = identityHelper(POOL_NAME, FIXED_A);
    assert.equal(k.toString(16), helper.k.toString(16));
    const client = createSrpClient(FIXED_A);
    assert.equal(client.srpA, helper.largeAValue.toString(16));
    const B = startServerSrp(passwordVerifier(POOL_NAME, USER, PASSWORD, FIXED_SALT), FIXED_B).srpB;
    const key = await theirKey(helper, USER, PASSWORD, B, FIXED_SALT.toString(16));
    const timestamp = "Tue Nov 25 10:03:00 UTC 2025";
    const claim = client.passwordClaim({ poolName: POOL_NAME, userId: USER, password: PASSWORD, challenge: { SRP_B: B, SALT: FIXED_SALT.toString(16), SECRET_BLOCK }, now: parseCognitoTimestamp(timestamp)! });
    assert.equal(claim.TIMESTAMP, timestamp);
    assert.equal(claim.PASSWORD_CLAIM_SIGNATURE, theirSignature(key, POOL_NAME, USER, SECRET_BLOCK, timestamp));
  });

  test("with a salt and B whose high bit is set (the 00 pad matters) both still agree", async () => {
    const salt = fromHex("f1" + "23".repeat(15));
    for (let attempt = 0; attempt < 4; attempt++) {
      const a = random(128);
      const server = startServerSrp(passwordVerifier(POOL_NAME, USER, PASSWORD, salt));
      const helper = identityHelper(POOL_NAME, a);
      const key = await theirKey(helper, USER, PASSWORD, server.srpB, salt.toString(16));
      const timestamp = cognitoTimestamp();
      const signature = theirSignature(key, POOL_NAME, USER, SECRET_BLOCK, timestamp);
      // The same moment on both sides: the signature covers the timestamp, to the second.
      const claim = createSrpClient(a).passwordClaim({ poolName: POOL_NAME, userId: USER, password: PASSWORD, challenge: { SRP_B: server.srpB, SALT: salt.toString(16), SECRET_BLOCK }, now: parseCognitoTimestamp(timestamp)! });
      assert.equal(claim.PASSWORD_CLAIM_SIGNATURE, signature);
      assert.ok(checkPasswordClaim({ verifier: passwordVerifier(POOL_NAME, USER, PASSWORD, salt), server, srpA: helper.largeAValue.toString(16), poolName: POOL_NAME, userId: USER, secretBlock: SECRET_BLOCK, timestamp, signature }));
    }
  });

  test("the server accepts cognito-srp-helper's signature and refuses one made with a wrong password", () => {
    const poolId = `us-east-1_${POOL_NAME}`;
    const salt = random(16);
    const verifier = passwordVerifier(POOL_NAME, USER, PASSWORD, salt);
    for (const [password, accepted] of [[PASSWORD, true], ["Wrong-Passw0rd!", false]] as const) {
      const session = createSrpSession(USER, password, poolId, false);
      const server = startServerSrp(verifier);
      const signed = signSrpSession(session, { ChallengeParameters: { SRP_B: server.srpB, SALT: salt.toString(16), SECRET_BLOCK, USER_ID_FOR_SRP: USER } });
      const claim = { verifier, server, srpA: session.largeA, poolName: POOL_NAME, userId: USER, secretBlock: SECRET_BLOCK, timestamp: signed.timestamp, signature: signed.passwordSignature };
      assert.equal(checkPasswordClaim(claim), accepted);
      if (accepted) {
        // Our client, given the same a and the same moment, signs exactly as they do.
        const ours = createSrpClient(fromHex(session.smallA)).passwordClaim({ poolName: POOL_NAME, userId: USER, password, challenge: { SRP_B: server.srpB, SALT: salt.toString(16), SECRET_BLOCK }, now: parseCognitoTimestamp(signed.timestamp)! });
        assert.equal(ours.PASSWORD_CLAIM_SIGNATURE, signed.passwordSignature);
        assert.equal(checkPasswordClaim({ ...claim, timestamp: cognitoTimestamp(new Date(0)) }), false);
      }
    }
  });

  test("a device verifier from identity-js or cognito-srp-helper equals ours for the same password and salt", async () => {
    const groupKey = "-abcDEF12";
    const deviceKey = "us-east-1_0f7c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f";
    const helper = new AuthenticationHelper(POOL_NAME);
    await new Promise<void>((resolve, reject) => helper.generateHashDevice(groupKey, deviceKey, (error: Error | null) => (error ? reject(error) : resolve())));
    const ours = createDeviceSecret(groupKey, deviceKey, { password: helper.getRandomPassword(), salt: Buffer.from(helper.getSaltDevices(), "hex") });
    assert.equal(ours.verifierConfig.PasswordVerifier, Buffer.from(helper.getVerifierDevices(), "hex").toString("base64"));
    assert.equal(ours.verifierConfig.Salt, Buffer.from(helper.getSaltDevices(), "hex").toString("base64"));

    const theirs = createDeviceVerifier(deviceKey, groupKey);
    const salt = fromHex(Buffer.from(theirs.DeviceSecretVerifierConfig.Salt!, "base64").toString("hex"));
    const mine = createDeviceSecret(groupKey, deviceKey, { password: theirs.DeviceRandomPassword, salt: Buffer.from(theirs.DeviceSecretVerifierConfig.Salt!, "base64") });
    assert.equal(mine.verifierConfig.PasswordVerifier, theirs.DeviceSecretVerifierConfig.PasswordVerifier);

    // DEVICE_PASSWORD_VERIFIER: the server holds only the verifier; cognito-srp-helper proves the device.
    const verifier = fromHex(Buffer.from(theirs.DeviceSecretVerifierConfig.PasswordVerifier!, "base64").toString("hex"));
    const server = startServerSrp(verifier);
    const session = createSrpSession(USER, "unused", `us-east-1_${POOL_NAME}`, false);
    const signed = signSrpSessionWithDevice(session, { ChallengeParameters: { SRP_B: server.srpB, SALT: salt.toString(16), SECRET_BLOCK, USERNAME: USER, DEVICE_KEY: deviceKey } }, groupKey, theirs.DeviceRandomPassword);
    assert.ok(checkPasswordClaim({ verifier, server, srpA: session.largeA, poolName: groupKey, userId: deviceKey, secretBlock: SECRET_BLOCK, timestamp: signed.timestamp, signature: signed.passwordSignature }));
    const ourClaim = createSrpClient(fromHex(session.smallA)).passwordClaim({ poolName: groupKey, userId: deviceKey, password: theirs.DeviceRandomPassword, challenge: { SRP_B: server.srpB, SALT: salt.toString(16), SECRET_BLOCK }, now: parseCognitoTimestamp(signed.timestamp)! });
    assert.equal(ourClaim.PASSWORD_CLAIM_SIGNATURE, signed.passwordSignature);
  });

  test("the derived key is 16 bytes and depends on S and u", () => {
    assert.equal(derivedKey(5n, 7n).length, 16);
    assert.notDeepEqual(derivedKey(5n, 7n), derivedKey(5n, 8n));
  });

  test("TIMESTAMP: Cognito's format, the day of the month not zero-padded", () => {
    assert.equal(cognitoTimestamp(new Date(Date.UTC(2025, 10, 25, 10, 3, 0))), "Tue Nov 25 10:03:00 UTC 2025");
    assert.equal(cognitoTimestamp(new Date(Date.UTC(2026, 2, 1, 9, 5, 7))), "Sun Mar 1 09:05:07 UTC 2026");
    assert.equal(parseCognitoTimestamp("Sun Mar 01 09:05:07 UTC 2026"), undefined);
    assert.equal(parseCognitoTimestamp("Sun Mar 1 09:05:07 UTC 2026")?.toISOString(), "2026-03-01T09:05:07.000Z");
  });
});
