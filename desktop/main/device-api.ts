/** One of the signed-in user's devices, as `window.auth.fetchDevices()` lists it (contract §1c). */
export interface DeviceListItem {
  /** Cognito's device key. */
  id: string;
  name?: string;
  /** ISO-8601. */
  createdAt?: string;
  lastAuthenticatedAt?: string;
  /** Remembered devices skip MFA at sign-in. */
  remembered: boolean;
  /** This app's own device. */
  current: boolean;
}

/**
 * The remembered-device calls of `window.auth`. They act for the signed-in user; the device's
 * key and secret stay in the main process (and, with "remember me", in the OS keychain).
 */
export interface DeviceApi {
  fetchDevices(): Promise<{ devices: DeviceListItem[] }>;
  /** Remembers this app's device: later sign-ins here skip MFA. */
  rememberDevice(): Promise<void>;
  /** Forgets this app's device, or the one named: its next sign-in asks for MFA again. */
  forgetDevice(input?: { deviceId?: string }): Promise<void>;
}
