import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { accountHandlerDoubles } from "../../../testing/desktop/account-handler-doubles.js";
import { ACCOUNT_CONTRACT } from "./account-contract.js";
import { createIpcRouter, type IpcHandlers } from "./ipc-router.js";

// As in ipc-router.test.ts: plain objects stand in for Electron's event and frame.
const ourFrame = { url: "app://desktop/index.html" };
const ourEvent = { senderFrame: ourFrame };

function setup(overrides: Partial<IpcHandlers> = {}) {
  const calls: string[] = [];
  const handlers = { ...accountHandlerDoubles(calls), ...overrides } as IpcHandlers;
  const router = createIpcRouter({ handlers, sender: { appOrigin: "app://desktop", isMainFrameOfOurWindow: (frame) => frame === ourFrame } });
  return { router, calls };
}

const good = {
  "account:sign-up": { username: "new@example.com", password: "Fresh-Passw0rd!", userAttributes: { email: "new@example.com" } },
  "account:confirm-sign-up": { username: "new@example.com", confirmationCode: "123456" },
  "account:resend-sign-up-code": { username: "new@example.com" },
  "account:reset-password": { username: "new@example.com" },
  "account:confirm-reset-password": { username: "new@example.com", confirmationCode: "123456", newPassword: "Fresh-Passw0rd!" },
  "account:update-password": { oldPassword: "Old-Passw0rd!", newPassword: "Fresh-Passw0rd!" },
  "account:fetch-user-attributes": undefined,
  "account:update-user-attributes": { userAttributes: { phone_number: "+15555550199" } },
  "account:confirm-user-attribute": { userAttributeKey: "phone_number", confirmationCode: "123456" },
  "account:send-user-attribute-verification-code": { userAttributeKey: "phone_number" },
  "account:fetch-mfa-preference": undefined,
  "account:update-mfa-preference": { sms: "PREFERRED" },
  "account:set-up-totp": undefined,
  "account:verify-totp-setup": { code: "123456", friendlyDeviceName: "Phone" },
} satisfies Record<keyof typeof ACCOUNT_CONTRACT, unknown>;

const badCodes = ["12345", "1234567", "12a456", " 123456", 123456, ""];

const bad: Array<[keyof typeof ACCOUNT_CONTRACT, string, unknown]> = [
  ["account:sign-up", "no password", { username: "new@example.com" }],
  ["account:sign-up", "a 129-character username", { username: "a".repeat(129), password: "x" }],
  ["account:sign-up", "control characters in the username", { username: "new\u0000@example.com", password: "x" }],
  ["account:sign-up", "a 257-character password", { username: "new@example.com", password: "p".repeat(257) }],
  ["account:sign-up", "an attribute name with a space", { username: "new@example.com", password: "x", userAttributes: { "e mail": "x" } }],
  ["account:sign-up", "26 attributes", { username: "new@example.com", password: "x", userAttributes: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`a${i}`, "x"])) }],
  ["account:sign-up", "an attribute value with a newline", { username: "new@example.com", password: "x", userAttributes: { name: "a\nb" } }],
  ["account:sign-up", "an extra field", { username: "new@example.com", password: "x", autoSignIn: true }],
  ...badCodes.map((code): [keyof typeof ACCOUNT_CONTRACT, string, unknown] => ["account:confirm-sign-up", `the code ${JSON.stringify(code)}`, { username: "new@example.com", confirmationCode: code }]),
  ["account:confirm-sign-up", "no username", { confirmationCode: "123456" }],
  ["account:resend-sign-up-code", "an empty username", { username: "  " }],
  ["account:resend-sign-up-code", "no payload", undefined],
  ["account:reset-password", "a username that is a number", { username: 42 }],
  ["account:reset-password", "a session field", { username: "new@example.com", session: "abc" }],
  ...badCodes.map((code): [keyof typeof ACCOUNT_CONTRACT, string, unknown] => ["account:confirm-reset-password", `the code ${JSON.stringify(code)}`, { username: "a@b.c", confirmationCode: code, newPassword: "x" }]),
  ["account:confirm-reset-password", "no new password", { username: "a@b.c", confirmationCode: "123456" }],
  ["account:update-password", "no old password", { newPassword: "Fresh-Passw0rd!" }],
  ["account:update-password", "an access token", { oldPassword: "a", newPassword: "b", accessToken: "eyJ.x.y" }],
  ["account:fetch-user-attributes", "an argument", { all: true }],
  ["account:update-user-attributes", "no attributes", { userAttributes: {} }],
  ["account:update-user-attributes", "attributes as a list", { userAttributes: [{ Name: "name", Value: "x" }] }],
  ...badCodes.map((code): [keyof typeof ACCOUNT_CONTRACT, string, unknown] => ["account:confirm-user-attribute", `the code ${JSON.stringify(code)}`, { userAttributeKey: "phone_number", confirmationCode: code }]),
  ["account:send-user-attribute-verification-code", "a key with a space", { userAttributeKey: "phone number" }],
  ["account:fetch-mfa-preference", "an argument", {}],
  ["account:update-mfa-preference", "an unknown value", { sms: "ON" }],
  ["account:update-mfa-preference", "an unknown method", { webauthn: "ENABLED" }],
  ["account:set-up-totp", "an argument", { accountName: "someone@else.example" }],
  ...badCodes.map((code): [keyof typeof ACCOUNT_CONTRACT, string, unknown] => ["account:verify-totp-setup", `the code ${JSON.stringify(code)}`, { code }]),
  ["account:verify-totp-setup", "a 65-character device name", { code: "123456", friendlyDeviceName: "d".repeat(65) }],
];

describe("IPC router: the account channels", () => {
  for (const [channel, name, payload] of bad) {
    test(`${channel} with ${name} → INVALID_REQUEST, no handler (no Cognito call)`, async () => {
      const { router, calls } = setup();
      const result = await router.handle(channel, ourEvent, payload === undefined ? [] : [payload]);
      assert.equal(result.ok ? null : result.error.code, "INVALID_REQUEST");
      assert.deepEqual(calls, []);
    });
  }

  for (const [channel, payload] of Object.entries(good)) {
    test(`${channel} with a valid payload reaches its handler once`, async () => {
      const { router, calls } = setup();
      const result = await router.handle(channel, ourEvent, payload === undefined ? [] : [payload]);
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.deepEqual(calls, [channel]);
    });

    test(`${channel} from a foreign frame → FORBIDDEN_ORIGIN, no handler`, async () => {
      const { router, calls } = setup();
      const result = await router.handle(channel, { senderFrame: { url: "https://evil.example/" } }, payload === undefined ? [] : [payload]);
      assert.equal(result.ok ? null : result.error.code, "FORBIDDEN_ORIGIN");
      assert.deepEqual(calls, []);
    });
  }

  test("every account channel has a valid-payload case here", () => {
    assert.deepEqual(Object.keys(good).sort(), Object.keys(ACCOUNT_CONTRACT).sort());
  });

  test("a validation error never echoes the password", async () => {
    const { router } = setup();
    const result = await router.handle("account:sign-up", ourEvent, [{ username: "new@example.com", password: "S3cret!".repeat(40) }]);
    assert.ok(!result.ok);
    assert.doesNotMatch(result.error.message, /S3cret/);
  });

  test("a result carrying a token or a Cognito session is stopped in main", async () => {
    const { router } = setup({
      "account:fetch-user-attributes": async () => ({ userAttributes: { email: "a@b.c" }, accessToken: "eyJ.x.y" }) as never,
      "account:sign-up": async () => ({ isSignUpComplete: false, nextStep: { signUpStep: "CONFIRM_SIGN_UP" }, session: "AYABe-cognito-session" }) as never,
      "account:set-up-totp": async () => ({ sharedSecret: "S", setupUri: "otpauth://x", session: "AYABe" }) as never,
    });
    for (const [channel, args] of [
      ["account:fetch-user-attributes", []],
      ["account:sign-up", [good["account:sign-up"]]],
      ["account:set-up-totp", []],
    ] as const) {
      const result = await router.handle(channel, ourEvent, args);
      assert.equal(result.ok ? null : result.error.code, "INTERNAL", channel);
      assert.doesNotMatch(JSON.stringify(result), /eyJ|AYABe/);
    }
  });
});
