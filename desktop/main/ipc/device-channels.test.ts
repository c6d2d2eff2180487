import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

// The device channels through the real router and the real device service on the local
// Cognito (no keychain needed: memory-only). Plain objects stand in for Electron's event.
delete process.env.DBUS_SESSION_BUS_ADDRESS;
delete process.env.DISPLAY;

const { DEMO, PLAIN, startQuietLocalCognito } = await import("../../../testing/support/cognito-fixture.js");
const { desktopHarness } = await import("../../../testing/desktop/desktop-harness.js");
const { accountHandlerDoubles } = await import("../../../testing/desktop/account-handler-doubles.js");
const { authHandlers } = await import("./auth-handlers.js");
const { deviceHandlers } = await import("./device-handlers.js");
const { createIpcRouter } = await import("./ipc-router.js");

const ourFrame = { url: "app://desktop/index.html" };
const ourEvent = { senderFrame: ourFrame };

describe("IPC: the device channels", () => {
  let local: Awaited<ReturnType<typeof startQuietLocalCognito>>;
  before(async () => {
    local = await startQuietLocalCognito();
  });
  after(() => local.stop());

  function setup() {
    const harness = desktopHarness(local);
    const router = createIpcRouter({
      handlers: { ...authHandlers(harness.service), ...deviceHandlers(harness.devices), ...accountHandlerDoubles([]) },
      sender: { appOrigin: "app://desktop", isMainFrameOfOurWindow: (frame) => frame === ourFrame },
    });
    return { ...harness, router };
  }
  const codeOf = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? null : result.error?.code);

  const bad: Array<[string, string, unknown[]]> = [
    ["auth:forget-device", "a number as deviceId", [{ deviceId: 42 }]],
    ["auth:forget-device", "a deviceId that is no device key", [{ deviceId: "../../etc/passwd" }]],
    ["auth:forget-device", "a 56-character deviceId", [{ deviceId: `us-east-1_${"a".repeat(46)}` }]],
    ["auth:forget-device", "an extra field", [{ deviceId: "us-east-1_0f0f0f0f-0000-4000-8000-000000000000", all: true }]],
    ["auth:forget-device", "a string", ["us-east-1_0f0f0f0f-0000-4000-8000-000000000000"]],
    ["auth:forget-device", "two arguments", [{}, {}]],
    ["auth:fetch-devices", "an argument", [{}]],
    ["auth:remember-device", "a device key of its own", [{ deviceKey: "us-east-1_0f0f0f0f-0000-4000-8000-000000000000" }]],
  ];
  for (const [channel, name, args] of bad) {
    test(`${channel} with ${name} → INVALID_REQUEST, no Cognito call`, async () => {
      const { router, port, service } = setup();
      await service.signIn({ ...PLAIN, remember: false });
      const before = { ...port.calls, device: port.deviceCalls.count };
      const result = await router.handle(channel, ourEvent, args);
      assert.equal(codeOf(result), "INVALID_REQUEST");
      assert.deepEqual({ ...port.calls, device: port.deviceCalls.count }, before);
      await service.signOut();
    });
  }

  test("a foreign sender is FORBIDDEN_ORIGIN before any Cognito call", async () => {
    const { router, port, service } = setup();
    await service.signIn({ ...PLAIN, remember: false });
    const before = { ...port.calls, device: port.deviceCalls.count };
    for (const channel of ["auth:fetch-devices", "auth:remember-device", "auth:forget-device"]) {
      assert.equal(codeOf(await router.handle(channel, { senderFrame: { url: "https://evil.example/" } }, [])), "FORBIDDEN_ORIGIN");
      assert.equal(codeOf(await router.handle(channel, { senderFrame: null }, [])), "FORBIDDEN_ORIGIN");
    }
    assert.deepEqual({ ...port.calls, device: port.deviceCalls.count }, before);
    await service.signOut();
  });

  test("signed out: NOT_SIGNED_IN, no Cognito call", async () => {
    const { router, port } = setup();
    for (const channel of ["auth:fetch-devices", "auth:remember-device", "auth:forget-device"]) {
      assert.equal(codeOf(await router.handle(channel, ourEvent, [])), "NOT_SIGNED_IN");
    }
    assert.equal(port.deviceCalls.count, 0);
  });

  test("the list names this app's device and carries no device secret or token; forgetting it works by id", async () => {
    const { router, service } = setup();
    await service.signIn({ ...DEMO, remember: false });
    await service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
    const listed = await router.handle("auth:fetch-devices", ourEvent, []);
    assert.ok(listed.ok);
    const devices = (listed.data as { devices: Array<{ id: string; current: boolean; remembered: boolean }> }).devices;
    const mine = devices.find((device) => device.current) ?? assert.fail("this app's device is listed");
    const text = JSON.stringify(listed);
    assert.doesNotMatch(text, /eyJ[\w-]+\.|token|password|groupKey/i);
    assert.deepEqual((await router.handle("auth:remember-device", ourEvent, [])).ok, true);
    assert.deepEqual(await router.handle("auth:forget-device", ourEvent, [{ deviceId: mine.id }]), { ok: true, data: undefined });
    // Forgotten: the app holds no device now, so there is nothing to remember.
    assert.equal(codeOf(await router.handle("auth:remember-device", ourEvent, [])), "INVALID_REQUEST");
    await service.signOut();
  });

  test("another user's device id is refused by Cognito as INVALID_REQUEST", async () => {
    const { router, service } = setup();
    await service.signIn({ ...DEMO, remember: false });
    await service.confirmSignIn({ challengeResponse: await local.codes.nextCode(DEMO.username) });
    const demoDevice = ((await router.handle("auth:fetch-devices", ourEvent, [])) as { data: { devices: Array<{ id: string }> } }).data.devices[0]!.id;
    await service.signOut();
    await service.signIn({ ...PLAIN, remember: false });
    assert.equal(codeOf(await router.handle("auth:forget-device", ourEvent, [{ deviceId: demoDevice }])), "INVALID_REQUEST");
    await service.signOut();
  });
});
