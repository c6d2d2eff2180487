import type { CognitoPort } from "../../shared/cognito/cognito-port.js";


/** A real port that also counts calls: tests assert "exactly one refresh", "RevokeToken called", "no device call". */
export function countingPort(inner: CognitoPort): CognitoPort & { calls: Record<"initiate" | "respond" | "refresh" | "revoke", number>; deviceCalls: { count: number } } {
  const calls = { initiate: 0, respond: 0, refresh: 0, revoke: 0 };
  const deviceCalls = { count: 0 };
  return {
    ...inner,
    calls,
    deviceCalls,
    initiateAuth: (input) => (calls.initiate++, inner.initiateAuth(input)),
    respondToChallenge: (input) => (calls.respond++, inner.respondToChallenge(input)),
    refresh: (input) => (calls.refresh++, inner.refresh(input)),
    revoke: (input) => (calls.revoke++, inner.revoke(input)),
    // Every device call (ConfirmDevice, UpdateDeviceStatus, ForgetDevice, ListDevices).
    confirmDevice: (input) => (deviceCalls.count++, inner.confirmDevice(input)),
    updateDeviceStatus: (input) => (deviceCalls.count++, inner.updateDeviceStatus(input)),
    forgetDevice: (input) => (deviceCalls.count++, inner.forgetDevice(input)),
    listDevices: (input) => (deviceCalls.count++, inner.listDevices(input)),
  };
}
