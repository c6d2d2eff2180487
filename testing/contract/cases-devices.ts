import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEMO, PLAIN } from "../support/cognito-fixture.js";
import { startCognitoProxy } from "../support/cognito-proxy.js";
import { assertDone, assertError, assertSession, assertStep, COOKIE, setCookieFor, signInWithSms } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";
import { parseSetCookie, type TestClient } from "./test-client.js";

/** Remembered devices (§1c): the device cookie, DEVICE_SRP_AUTH at sign-in, DEVICE_KEY at refresh, the routes. */
export function deviceCases(env: ContractEnv): void {
  describe("remembered devices", () => {
    test("the lifecycle: new → remember → password-only sign-in → refresh with the key → tampered cookie asks MFA → forget → MFA again", async () => {
      const proxy = await startCognitoProxy(env.local.endpoint);
      try {
        await env.withServer(env.options({ secrets: ["a-shared-secret-of-at-least-32-characters"], cognito: { ...env.options().cognito, endpoint: proxy.endpoint } }), async (server) => {
          const client = env.client(server);
          const done = await signInWithSms(client, env.local, DEMO);
          assert.deepEqual(done.body.device, { status: "new" });
          const sealed = client.cookie(COOKIE.device);
          assert.ok(sealed, "the device cookie is set");
          assert.ok(!sealed.includes(done.body.user.sub) && !/deviceKey|devicePassword/.test(Buffer.from(sealed.slice(3), "base64url").toString("latin1")), "sealed, not readable");

          const listed = await client.get("/auth/devices");
          assert.equal(listed.status, 200, JSON.stringify(listed.body));
          const mine = listed.body.devices.filter((device: { current: boolean }) => device.current);
          assert.equal(mine.length, 1);
          assert.equal(mine[0].remembered, false);
          for (const key of ["id", "name", "createdAt", "lastAuthenticatedAt", "remembered", "current"]) assert.ok(key in mine[0], key);

          assert.equal((await client.post("/auth/remember-device")).status, 204);
          const remembered = (await client.get("/auth/devices")).body.devices.find((device: { current: boolean }) => device.current);
          assert.equal(remembered.remembered, true);

          assert.equal((await client.post("/auth/sign-out")).status, 204);
          const sent = env.local.codes.countFor(DEMO.username);
          const again = await client.post("/auth/sign-in", DEMO);
          assertDone(again, DEMO.username);
          assert.deepEqual(again.body.device, { status: "remembered" });
          assert.equal(env.local.codes.countFor(DEMO.username), sent, "no code was sent: the password alone signed in");
          assert.ok(proxy.calls.some((call) => call.body.ChallengeName === "DEVICE_PASSWORD_VERIFIER"), "the device proved its secret");

          const refreshes = proxy.count("InitiateAuth");
          assertSession(await client.post("/auth/refresh"), DEMO.username);
          const refresh = proxy.calls.filter((call) => call.operation === "InitiateAuth").slice(refreshes).find((call) => call.body.AuthFlow === "REFRESH_TOKEN_AUTH");
          assert.equal(refresh?.body.AuthParameters.DEVICE_KEY, mine[0].id, "refresh sends this browser's DEVICE_KEY");

          // A tampered cookie is ignored: the sign-in goes on, with MFA.
          const tampered = client.clone();
          setDevice(tampered, flipOneCharacter(sealed));
          assertStep(await tampered.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
          await env.local.codes.nextCode(DEMO.username);

          // Forgetting this browser's device clears its cookie; the next sign-in asks for the code.
          const forgot = await client.post("/auth/forget-device");
          assert.equal(forgot.status, 204);
          const cleared = setCookieFor(forgot, COOKIE.device);
          assert.ok(cleared && parseSetCookie(cleared).expired);
          assert.equal(client.cookie(COOKIE.device), undefined);
          assert.ok(!(await client.get("/auth/devices")).body.devices.some((device: { id: string }) => device.id === mine[0].id));
          assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
          await env.local.codes.nextCode(DEMO.username);

          // The old cookie, kept by a copy of the browser, no longer skips MFA either.
          const stale = env.client(server);
          setDevice(stale, sealed);
          assertStep(await stale.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
          await env.local.codes.nextCode(DEMO.username);
        });
      } finally {
        await proxy.stop();
      }
    });

    test("the device cookie alone signs nobody in: no session, and a wrong password is still NOT_AUTHORIZED", async () => {
      await env.withServer(env.options({ secrets: ["a-shared-secret-of-at-least-32-characters"] }), async (server) => {
        const client = env.client(server);
        await signInWithSms(client, env.local, DEMO);
        assert.equal((await client.post("/auth/remember-device")).status, 204);
        const onlyDevice = env.client(server);
        setDevice(onlyDevice, client.cookie(COOKIE.device)!);
        assertError(await onlyDevice.get("/auth/session"), "NOT_SIGNED_IN");
        assertError(await onlyDevice.get("/auth/devices"), "NOT_SIGNED_IN");
        assertError(await onlyDevice.post("/auth/refresh"), "NOT_SIGNED_IN");
        assertError(await onlyDevice.post("/auth/sign-in", { ...DEMO, password: "Wrong-Passw0rd!" }), "NOT_AUTHORIZED");
        assertDone(await onlyDevice.post("/auth/sign-in", DEMO), DEMO.username);
        await client.post("/auth/forget-device");
      });
    });

    test("another user's device cookie is not presented: MFA is asked, and that user's device is untouched", async () => {
      await env.withServer(env.options({ secrets: ["a-shared-secret-of-at-least-32-characters"] }), async (server) => {
        const plain = env.client(server);
        assertDone(await plain.post("/auth/sign-in", PLAIN), PLAIN.username);
        assert.equal((await plain.post("/auth/remember-device")).status, 204);
        const shared = env.client(server);
        setDevice(shared, plain.cookie(COOKIE.device)!);
        const step = await shared.post("/auth/sign-in", DEMO);
        assertStep(step, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        assert.equal(setCookieFor(step, COOKIE.device), undefined, "the other user's cookie is left alone");
        await env.local.codes.nextCode(DEMO.username);
        await plain.post("/auth/forget-device");
      });
    });

    test("a cookie sealed with other secrets (another deployment) is ignored", async () => {
      let foreign = "";
      await env.withServer(env.options({ secrets: ["some-other-deployment-secret-32-chars!"] }), async (server) => {
        const client = env.client(server);
        await signInWithSms(client, env.local, DEMO);
        await client.post("/auth/remember-device");
        foreign = client.cookie(COOKIE.device)!;
      });
      await env.withServer(env.options({ secrets: ["a-shared-secret-of-at-least-32-characters"] }), async (server) => {
        const client = env.client(server);
        setDevice(client, foreign);
        assertStep(await client.post("/auth/sign-in", DEMO), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
        await env.local.codes.nextCode(DEMO.username);
      });
    });

    test("secrets rotate: a cookie sealed with the old first secret still opens when it is second", async () => {
      const old = "the-old-secret-of-at-least-32-characters";
      let sealed = "";
      await env.withServer(env.options({ secrets: [old] }), async (server) => {
        const client = env.client(server);
        await signInWithSms(client, env.local, DEMO);
        await client.post("/auth/remember-device");
        sealed = client.cookie(COOKIE.device)!;
      });
      await env.withServer(env.options({ secrets: ["the-new-secret-of-at-least-32-characters", old] }), async (server) => {
        const client = env.client(server);
        setDevice(client, sealed);
        const done = await client.post("/auth/sign-in", DEMO);
        assertDone(done, DEMO.username);
        assert.deepEqual(done.body.device, { status: "remembered" });
        await client.post("/auth/forget-device");
      });
    });

    test("the device routes need a session and pass the origin checks; forget-device names another device by id", async () => {
      const anonymous = env.client();
      assertError(await anonymous.get("/auth/devices"), "NOT_SIGNED_IN");
      assertError(await anonymous.post("/auth/remember-device"), "NOT_SIGNED_IN");
      assertError(await anonymous.post("/auth/forget-device", { deviceId: "us-east-1_x" }), "NOT_SIGNED_IN");

      const first = env.client();
      await signInWithSms(first, env.local, DEMO);
      const second = env.client();
      await signInWithSms(second, env.local, DEMO);
      const evil = { headers: { origin: "https://evil.example" } };
      assertError(await second.post("/auth/remember-device", {}, evil), "FORBIDDEN_ORIGIN");
      assertError(await second.post("/auth/forget-device", {}, evil), "FORBIDDEN_ORIGIN");
      assertError(await second.get("/auth/devices", { headers: { "sec-fetch-site": "cross-site" } }), "FORBIDDEN_ORIGIN");
      assertError(await second.post("/auth/forget-device", { deviceId: "bad id with spaces" }), "INVALID_REQUEST");

      const firstId = (await first.get("/auth/devices")).body.devices.find((device: { current: boolean }) => device.current).id;
      const forgot = await second.post("/auth/forget-device", { deviceId: firstId });
      assert.equal(forgot.status, 204);
      assert.equal(setCookieFor(forgot, COOKIE.device), undefined, "forgetting another device keeps this browser's cookie");
      const ids = (await second.get("/auth/devices")).body.devices.map((device: { id: string }) => device.id);
      assert.ok(!ids.includes(firstId));
      await second.post("/auth/forget-device");
    });
  });
}

function setDevice(client: TestClient, value: string): void {
  client.jar.set(`${COOKIE.device};/`, { name: COOKIE.device, value, path: "/" });
}

/** One character of the sealed value changed: the tag no longer authenticates it. */
function flipOneCharacter(sealed: string): string {
  const at = Math.floor(sealed.length / 2);
  return sealed.slice(0, at) + (sealed[at] === "A" ? "B" : "A") + sealed.slice(at + 1);
}
