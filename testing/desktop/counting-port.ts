import type { CognitoPort } from "../../shared/cognito/cognito-port.js";

type Counted = "initiate" | "respond" | "refresh" | "revoke" | "device";

/** A real port that also counts calls: tests assert "exactly one refresh", "RevokeToken called", "no device call". */
export function countingPort(inner: CognitoPort): CognitoPort & { calls: Record<Counted, number> } {
  const calls = { initiate: 0, respond: 0, refresh: 0, revoke: 0, device: 0 };
  return {
    ...inner,
    calls,
    initiateAuth: (input) => (calls.initiate++, inner.initiateAuth(input)),
    respondToChallenge: (input) => (calls.respond++, inner.respondToChallenge(input)),
    refresh: (input) => (calls.refresh++, inner.refresh(input)),
    revoke: (input) => (calls.revoke++, inner.revoke(input)),
    // Every device call (ConfirmDevice, UpdateDeviceStatus, ForgetDevice, ListDevices).
    confirmDevice: (input) => (calls.device++, inner.confirmDevice(input)),
    updateDeviceStatus: (input) => (calls.device++, inner.updateDeviceStatus(input)),
    forgetDevice: (input) => (calls.device++, inner.forgetDevice(input)),
    listDevices: (input) => (calls.device++, inner.listDevices(input)),
  };
}
