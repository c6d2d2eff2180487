import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AuthError } from "../../../shared/errors/auth-error.js";
import { createMemoryLogger } from "../../../shared/runtime/logger.js";
import type { AuthState } from "../auth-state.js";
import type { IpcHandlers } from "./ipc-router.js";
import { createIpcRouter } from "./ipc-router.js";
import { deviceHandlerDoubles } from "../../../testing/desktop/device-handler-doubles.js";
import { accountHandlerDoubles } from "../../../testing/desktop/account-handler-doubles.js";

// Plain objects stand in for Electron's IpcMainInvokeEvent and WebFrameMain: the only doubles
// for Electron in the test suite. Everything behind the router is the real logic.
const ourFrame = { url: "app://desktop/index.html" };
const ourEvent = { senderFrame: ourFrame };
const signedOut: AuthState = { status: "signed-out", keychain: "persisted" };

function setup(overrides: Partial<IpcHandlers> = {}) {
  const calls: string[] = [];
  const handlers: IpcHandlers = {
    "auth:sign-in": async (input) => {
      calls.push(`sign-in:${input.username}`);
      return { isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_SMS_CODE", expiresAt: "2026-11-25T10:03:00.000Z" } };
    },
    "auth:confirm-sign-in": async () => {
      calls.push("confirm");
      throw new AuthError("CODE_MISMATCH", { attemptsLeft: 3 });
    },
    "auth:resend-code": async () => {
      calls.push("resend");
      throw new Error("socket hang up with internals");
    },
    "auth:sign-out": async () => {
      calls.push("sign-out");
      return undefined;
    },
    "auth:get-state": () => signedOut,
    ...accountHandlerDoubles(calls),
    ...deviceHandlerDoubles(calls),
    ...overrides,
  };
  const logger = createMemoryLogger();
  const router = createIpcRouter({
    handlers,
    logger,
    sender: { appOrigin: "app://desktop", isMainFrameOfOurWindow: (frame) => frame === ourFrame },
  });
  return { router, calls, logger };
}

describe("IPC router: sender check", () => {
  const foreign = [
    ["a frame of another window or a subframe", { senderFrame: { url: "app://desktop/index.html" } }],
    ["no frame (navigated away or destroyed)", { senderFrame: null }],
  ] as const;
  for (const [name, event] of foreign) {
    test(`rejects ${name} before any handler runs`, async () => {
      const { router, calls } = setup();
      const result = await router.handle("auth:sign-in", event, [{ username: "a", password: "b", remember: false }]);
      assert.deepEqual(result.ok ? null : result.error.code, "FORBIDDEN_ORIGIN");
      assert.deepEqual(calls, []);
    });
  }

  for (const url of ["https://evil.example/", "file:///etc/passwd", "app://other/index.html", "app://desktop.evil/index.html", "http://desktop/", "about:blank", "not a url"]) {
    test(`rejects our main frame showing ${url}`, async () => {
      const frame = { url };
      const strict = createIpcRouter({
        handlers: {} as IpcHandlers,
        sender: { appOrigin: "app://desktop", isMainFrameOfOurWindow: (f) => f === frame },
      });
      const result = await strict.handle("auth:get-state", { senderFrame: frame }, []);
      assert.equal(result.ok ? null : result.error.code, "FORBIDDEN_ORIGIN");
    });
  }

  test("accepts our window's main frame on the app origin", async () => {
    const { router } = setup();
    assert.deepEqual(await router.handle("auth:get-state", ourEvent, []), { ok: true, data: signedOut });
  });
});

describe("IPC router: validation and envelopes", () => {
  test("an unknown channel is a coded error, not a crash", async () => {
    const { router } = setup();
    for (const channel of ["auth:steal-tokens", "__proto__", "toString", 42, undefined]) {
      const result = await router.handle(channel, ourEvent, []);
      assert.equal(result.ok ? null : result.error.code, "INVALID_REQUEST");
    }
  });

  const badSignIns: Array<[string, unknown[]]> = [
    ["no payload", []],
    ["a string", ["demo@example.com"]],
    ["no remember flag", [{ username: "demo@example.com", password: "x" }]],
    ["an unknown first factor", [{ username: "demo@example.com", remember: false, preferredChallenge: "MAGIC_LINK" }]],
    ["remember as a string", [{ username: "demo@example.com", password: "x", remember: "yes" }]],
    ["an empty username", [{ username: " ", password: "x", remember: false }]],
    ["a 129-character username", [{ username: "a".repeat(129), password: "x", remember: false }]],
    ["control characters", [{ username: "demo\u0000@example.com", password: "x", remember: false }]],
    ["a 257-character password", [{ username: "demo@example.com", password: "p".repeat(257), remember: false }]],
    ["an extra field", [{ username: "demo@example.com", password: "x", remember: false, admin: true }]],
    ["a polluted prototype", [JSON.parse('{"username":"a","password":"b","remember":false,"__proto__":{"polluted":1}}')]],
    ["two arguments", [{ username: "demo@example.com", password: "x", remember: false }, "extra"]],
  ];
  for (const [name, args] of badSignIns) {
    test(`sign-in with ${name} → INVALID_REQUEST, the handler never runs`, async () => {
      const { router, calls } = setup();
      const result = await router.handle("auth:sign-in", ourEvent, args);
      assert.equal(result.ok ? null : result.error.code, "INVALID_REQUEST");
      assert.deepEqual(calls, []);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  test("a validation error names the field but never echoes the value", async () => {
    const { router } = setup();
    const result = await router.handle("auth:sign-in", ourEvent, [{ username: "demo@example.com", password: "S3cret!".repeat(40), remember: false }]);
    assert.ok(!result.ok);
    assert.match(result.error.message, /password/);
    assert.doesNotMatch(result.error.message, /S3cret/);
  });

  const badConfirms: Array<[string, unknown]> = [
    ["userAttributes as a string", { challengeResponse: "N3w-Passw0rd!", userAttributes: "name=x" }],
    ["an attribute name with spaces", { challengeResponse: "N3w-Passw0rd!", userAttributes: { "given name": "x" } }],
    ["an attribute value that is not text", { challengeResponse: "N3w-Passw0rd!", userAttributes: { name: 1 } }],
    ["21 attributes", { challengeResponse: "N3w-Passw0rd!", userAttributes: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`a${i}`, "x"])) }],
    ["an empty answer", { challengeResponse: "" }],
  ];
  for (const [name, payload] of badConfirms) {
    test(`confirm-sign-in with ${name} → INVALID_REQUEST, the handler never runs`, async () => {
      const { router, calls } = setup();
      const result = await router.handle("auth:confirm-sign-in", ourEvent, [payload]);
      assert.equal(result.ok ? null : result.error.code, "INVALID_REQUEST");
      assert.deepEqual(calls, []);
    });
  }

  test("a sign-in result of a new step, an account step or DONE with device status passes; a device secret in it does not", async () => {
    const results = [
      { isSignedIn: false, nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", availableChallenges: ["PASSWORD_SRP", "EMAIL_OTP"], expiresAt: "2026-11-25T10:03:00.000Z" } },
      { isSignedIn: false, nextStep: { signInStep: "RESET_PASSWORD" } },
      { isSignedIn: true, nextStep: { signInStep: "DONE" }, user: { sub: "s", username: "u" }, device: { status: "new" } },
    ];
    for (const data of results) {
      const { router } = setup({ "auth:sign-in": async () => data as never });
      assert.deepEqual(await router.handle("auth:sign-in", ourEvent, [{ username: "a", password: "b", remember: false }]), { ok: true, data });
    }
    const leaky = { isSignedIn: true, nextStep: { signInStep: "DONE" }, user: { sub: "s", username: "u" }, device: { status: "new", devicePassword: "secret" } };
    const { router } = setup({ "auth:sign-in": async () => leaky as never });
    const result = await router.handle("auth:sign-in", ourEvent, [{ username: "a", password: "b", remember: false }]);
    assert.equal(result.ok ? null : result.error.code, "INTERNAL");
    assert.doesNotMatch(JSON.stringify(result), /secret/);
  });

  test("arguments on a no-argument channel are refused", async () => {
    const { router, calls } = setup();
    const result = await router.handle("auth:sign-out", ourEvent, [{ global: true }]);
    assert.equal(result.ok ? null : result.error.code, "INVALID_REQUEST");
    assert.deepEqual(calls, []);
  });

  test("valid input reaches the handler and its result comes back in an envelope", async () => {
    const { router, calls } = setup();
    const result = await router.handle("auth:sign-in", ourEvent, [{ username: " demo@example.com ", password: "x", remember: true }]);
    assert.equal(result.ok, true);
    assert.deepEqual(calls, ["sign-in:demo@example.com"]);
  });

  test("an AuthError becomes its code, message and details", async () => {
    const { router } = setup();
    const result = await router.handle("auth:confirm-sign-in", ourEvent, [{ challengeResponse: "123456" }]);
    assert.deepEqual(result, { ok: false, error: { code: "CODE_MISMATCH", message: new AuthError("CODE_MISMATCH").message, attemptsLeft: 3 } });
  });

  test("any other throw becomes INTERNAL without its message", async () => {
    const { router, logger } = setup();
    const result = await router.handle("auth:resend-code", ourEvent, []);
    assert.ok(!result.ok);
    assert.equal(result.error.code, "INTERNAL");
    assert.doesNotMatch(result.error.message, /socket/);
    assert.equal(logger.lines.filter((line) => line.event === "ipc.handler-crashed").length, 1);
  });

  test("a result carrying a token is stopped in main (strict output schemas)", async () => {
    const { router } = setup({
      "auth:get-state": () => ({ ...signedOut, accessToken: "eyJhbGciOi.leak.sig" }) as AuthState,
      "auth:sign-in": async () =>
        ({ isSignedIn: true, nextStep: { signInStep: "DONE" }, user: { sub: "s", username: "u" }, tokens: { accessToken: "eyJ.x.y" } }) as never,
    });
    for (const [channel, args] of [["auth:get-state", []], ["auth:sign-in", [{ username: "a", password: "b", remember: false }]]] as const) {
      const result = await router.handle(channel, ourEvent, args);
      assert.equal(result.ok ? null : result.error.code, "INTERNAL");
      assert.doesNotMatch(JSON.stringify(result), /eyJ/);
    }
  });
});
