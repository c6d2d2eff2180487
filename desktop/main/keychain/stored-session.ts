import { z } from "zod";

/**
 * What one keychain entry holds: the refresh token and everything a refresh at the next start
 * needs. Kept as one JSON secret so it is written and deleted as a unit.
 */
export const storedSessionSchema = z
  .object({
    version: z.literal(1),
    refreshToken: z.string().min(1),
    region: z.string().min(1),
    userPoolId: z.string().min(1),
    clientId: z.string().min(1),
    /** Cognito's own name for the user (REFRESH_TOKEN_AUTH's SECRET_HASH input on other clients). */
    cognitoUsername: z.string().min(1),
    /** ISO-8601; the newest entry is restored when several accounts are remembered. */
    savedAt: z.string().min(1),
    /** The confirmed device the tokens were issued to: Cognito refuses the refresh without it. */
    deviceKey: z.string().min(1).max(55).optional(),
    /** What the person typed at sign-in: the device vault's account (it may differ from the username). */
    signInName: z.string().min(1).max(128).optional(),
  })
  .strict();

export type StoredSession = z.infer<typeof storedSessionSchema>;

/** Parses an entry's text; undefined for anything that is not a valid entry (it is then deleted). */
export function parseStoredSession(text: string): StoredSession | undefined {
  try {
    const parsed = storedSessionSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
