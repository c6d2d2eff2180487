import { z } from "zod";

/**
 * A remembered device, as the keychain keeps it (only with "remember me"): Cognito's device
 * key and group key and the device password this app made at ConfirmDevice. The password is a
 * secret like a refresh token: with it (and the user's password) a sign-in skips MFA.
 */
export const storedDeviceSchema = z
  .object({
    version: z.literal(1),
    deviceKey: z.string().min(1).max(55),
    deviceGroupKey: z.string().min(1).max(256),
    devicePassword: z.string().min(1).max(256),
    /** The pool and client the device was confirmed with: never presented to another. */
    userPoolId: z.string().min(1),
    clientId: z.string().min(1),
    savedAt: z.string().min(1),
  })
  .strict();

export type StoredDevice = z.infer<typeof storedDeviceSchema>;

export function parseStoredDevice(text: string): StoredDevice | undefined {
  try {
    const parsed = storedDeviceSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
