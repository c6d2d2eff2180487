import { randomBytes } from "node:crypto";
import type { RememberedDevice } from "../../shared/flow/device-auth.js";
import type { Logger } from "../../shared/runtime/logger.js";
import { openWithAny, seal, sealKeysFrom, type SealKey } from "../crypto/sealed-box.js";

/** What the device cookie holds: the device's key and secret, and whose device it is. */
export interface DeviceCookieValue extends RememberedDevice {
  /** Cognito's name for the user the device was confirmed for. */
  cognitoUsername: string;
  /** The name typed at that sign-in (so the next sign-in under it can present the device). */
  signInName: string;
}

const PURPOSE = "device-cookie";
const ASSOCIATED_DATA = "cmk-device-v1";

/**
 * Seals and opens the remembered-device cookie with keys derived from the host's `secrets`
 * (HKDF, one purpose): encrypted, so the device secret is never readable in the browser, and
 * authenticated, so a tampered or forged cookie does not open and is ignored. Without secrets a
 * random one per process is used (and a warning logged once a device is kept): a device is then
 * remembered by this instance only.
 */
export class DeviceSealer {
  private readonly keys: SealKey[];
  private readonly ephemeral: boolean;
  private warned = false;

  constructor(
    secrets: readonly string[] | undefined,
    private readonly logger: Logger,
  ) {
    this.ephemeral = !secrets || secrets.length === 0;
    this.keys = sealKeysFrom(this.ephemeral ? [randomBytes(32).toString("base64url")] : secrets!, PURPOSE);
  }

  seal(value: DeviceCookieValue, requestId?: string): string {
    if (this.ephemeral && !this.warned) {
      this.warned = true;
      this.logger.warn("devices.no-secrets", { requestId, hint: "set options.secrets (shared by every instance): without it a remembered device works only on the instance that remembered it" });
    }
    const { deviceKey, deviceGroupKey, devicePassword, cognitoUsername, signInName } = value;
    return seal(this.keys[0]!, JSON.stringify({ deviceKey, deviceGroupKey, devicePassword, cognitoUsername, signInName }), ASSOCIATED_DATA);
  }

  /** The device, or undefined for anything missing, tampered, foreign or of the wrong shape. */
  open(sealed: string | undefined): DeviceCookieValue | undefined {
    if (!sealed || sealed.length > 4096) return undefined;
    const plaintext = openWithAny(this.keys, sealed, ASSOCIATED_DATA);
    if (plaintext === undefined) return undefined;
    try {
      const value = JSON.parse(plaintext) as Partial<DeviceCookieValue>;
      const fields = [value.deviceKey, value.deviceGroupKey, value.devicePassword, value.cognitoUsername, value.signInName];
      return fields.every((field) => typeof field === "string" && field.length > 0) ? (value as DeviceCookieValue) : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The device part the flow takes. */
export function rememberedDevice(value: DeviceCookieValue): RememberedDevice {
  return { deviceKey: value.deviceKey, deviceGroupKey: value.deviceGroupKey, devicePassword: value.devicePassword };
}
