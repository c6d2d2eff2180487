import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { DEMO, PLAIN } from "../support/cognito-fixture.js";
import { CookieJar } from "../../middleware/core/cookies.js";
import { DeviceSealer } from "../../middleware/core/device-cookie.js";
import { silentLogger } from "../../shared/runtime/logger.js";
import { assertStep, COOKIE, signInPlain, signInWithSms } from "./assertions.js";
import type { ContractEnv } from "./contract-env.js";
import { parseSetCookie, type TestResponse } from "./test-client.js";

const MAX_SET_COOKIE_BYTES = 4096;

/** Cookie attributes, one header per cookie, and no-store on every /auth answer. */
export function cookieCases(env: ContractEnv): void {
  describe("cookies and caching", () => {
    test("every session cookie and the device cookie are __Host-, HttpOnly, Secure, SameSite=Lax, Path=/, without Domain", async () => {
      const response = await signInPlain(env.client(), PLAIN);
      for (const name of [COOKIE.access, COOKIE.id, COOKIE.refresh, COOKIE.device]) {
        const header = response.setCookies.find((line) => line.startsWith(`${name}=`));
        assert.ok(header, `${name} is set`);
        assertSecureAttributes(header, "/");
        assert.ok(Number(parseSetCookie(header).attributes.get("max-age")) > 0);
      }
    });

    test("the challenge cookie is __Host- (so no sibling subdomain can plant one), HttpOnly, Secure, SameSite=Lax, Path=/, and expires with the challenge", async () => {
      const response = await env.client().post("/auth/sign-in", DEMO);
      assertStep(response, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
      await env.local.codes.nextCode(DEMO.username);
      const header = response.setCookies.find((line) => line.startsWith(`${COOKIE.challenge}=`));
      assert.ok(header);
      assert.ok(COOKIE.challenge.startsWith("__Host-"));
      assertSecureAttributes(header, "/");
      const maxAge = Number(parseSetCookie(header).attributes.get("max-age"));
      assert.ok(maxAge > 0 && maxAge <= 180, `Max-Age ${maxAge} matches the challenge's life`);
    });

    test("cookie options take effect: secure off drops Secure and __Host-, sameSite strict, a custom name prefix", async () => {
      await env.withServer(env.options({ cookies: { secure: false, sameSite: "strict", namePrefix: "app" } }), async (server) => {
        const client = env.client(server);
        const response = await signInPlain(client, PLAIN);
        const names = response.setCookies.map((header) => parseSetCookie(header).name).sort();
        assert.deepEqual(names, ["app-access", "app-challenge", "app-device", "app-id", "app-refresh"]);
        // Without Secure no __Host- prefix is possible: the challenge cookie stays scoped to the routes.
        assert.equal(parseSetCookie(response.setCookies.find((header) => header.startsWith("app-challenge="))!).path, "/auth");
        for (const header of response.setCookies) {
          const { attributes } = parseSetCookie(header);
          assert.equal(attributes.has("secure"), false);
          assert.equal(attributes.get("samesite")?.toLowerCase(), "strict");
          assert.ok(attributes.has("httponly"));
        }
        assert.equal((await client.get("/api/me")).status, 200, "the renamed cookies are read back");
      });
    });

    test("several Set-Cookie headers arrive apart, one cookie each, every one under 4,096 bytes", async () => {
      const response = await signInWithSms(env.client(), env.local, DEMO);
      const names = response.setCookies.map((header) => parseSetCookie(header).name).sort();
      assert.deepEqual(names, [COOKIE.access, COOKIE.id, COOKIE.refresh, COOKIE.challenge, COOKIE.device].sort());
      for (const header of response.setCookies) {
        assert.equal((header.match(/HttpOnly/gi) ?? []).length, 1, "one cookie per header, none folded in");
        assert.ok(Buffer.byteLength(header) < MAX_SET_COOKIE_BYTES, `${Buffer.byteLength(header)} bytes`);
      }
    });

    test("with Cognito-sized tokens (access 1.1 KB, id 1.3 KB, refresh 1.8 KB) each Set-Cookie stays under 4,096 bytes", () => {
      const jar = new CookieJar({ secure: true, sameSite: "strict", sessionMaxAgeSeconds: 30 * 24 * 3600, namePrefix: "a-long-prefix-name20" });
      const tokens = { accessToken: token(1100), idToken: token(1300), refreshToken: token(1800), expiresIn: 3600 };
      // The device cookie at its largest: 128-character names (the schema's limit).
      const device = new DeviceSealer(["s".repeat(32)], silentLogger).seal({
        deviceKey: `eu-west-1_${randomUUID()}`,
        deviceGroupKey: "-a1b2c3d4e",
        devicePassword: randomBytes(40).toString("base64"),
        cognitoUsername: "u".repeat(128),
        signInName: "n".repeat(128),
      });
      const challengeToken = `${randomBytes(32).toString("base64url")}.${randomBytes(32).toString("base64url")}`;
      const headers = [...jar.session(tokens), jar.challenge(challengeToken, "/some/deeply/nested/auth", 180), jar.device(device)];
      assert.equal(headers.length, 5);
      for (const header of headers) assert.ok(Buffer.byteLength(header) < MAX_SET_COOKIE_BYTES, `${Buffer.byteLength(header)} bytes`);
      // Even a refresh token twice Cognito's usual size fits.
      for (const header of jar.session({ ...tokens, refreshToken: token(3600) })) assert.ok(Buffer.byteLength(header) < MAX_SET_COOKIE_BYTES);
    });

    test("Cache-Control: no-store on every /auth answer, successes and errors alike", async () => {
      const client = env.client();
      const answers: TestResponse[] = [
        await client.post("/auth/sign-in", PLAIN),
        await client.get("/auth/session"),
        await client.post("/auth/refresh"),
        await client.post("/auth/sign-out"),
        await client.get("/auth/session"),
        await client.get("/auth/sign-in"),
        await client.post("/auth/sign-in", { username: "x" }),
        await client.post("/auth/confirm-sign-in", { challengeResponse: "123456" }),
        await client.request("POST", "/auth/sign-in", { body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } }),
        await client.get("/auth/nope"),
      ];
      for (const answer of answers) assert.equal(answer.headers.get("cache-control"), "no-store", `status ${answer.status}`);
    });
  });
}

function assertSecureAttributes(header: string, path: string): void {
  const { name, attributes } = parseSetCookie(header);
  assert.ok(attributes.has("httponly"), `${name} HttpOnly`);
  assert.ok(attributes.has("secure"), `${name} Secure`);
  assert.equal(attributes.get("samesite")?.toLowerCase(), "lax", `${name} SameSite=Lax`);
  assert.equal(attributes.get("path"), path, `${name} Path`);
  assert.equal(attributes.has("domain"), false, `${name} has no Domain`);
  if (path === "/") assert.ok(name.startsWith("__Host-"), `${name} has the __Host- prefix`);
}

/** A JWT-like string of `length` characters, as Cognito's are. */
function token(length: number): string {
  return randomBytes(length).toString("base64url").slice(0, length);
}
