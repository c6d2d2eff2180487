import type { CodeInbox } from "./code-inbox.js";
import type { SeedUser } from "./seed-users.js";

// The local Cognito's public shape, apart from its implementation: these typings name no
// cognito-local type, so an app's strict TS build needs neither cognito-local nor its types.

/** Options of `startLocalCognito`. */
export interface LocalCognitoOptions {
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
  /** Where cognito-local keeps its pool files. Default: a new temporary folder, removed on stop. */
  dataDirectory?: string;
  region?: string;
  /** Print each code and the endpoint line on stdout (the lines docs/local-cognito.md shows). Default true. */
  print?: boolean;
  /** Where printed lines go. Default process.stdout. */
  output?: (line: string) => void;
  /** How long a challenge Session lives, in ms (Cognito's default: 3 minutes). */
  challengeTtlMs?: number;
  /** Access and ID token lifetime in seconds. Default 3600, as Cognito's. */
  accessTokenValiditySeconds?: number;
  /** Users to create; default the seeded users (README, "The local Cognito"). */
  users?: readonly SeedUser[];
  /** Milliseconds since the epoch, for the strict layer's session and code expiry (tests move it). */
  now?: () => number;
}

/** A running local Cognito. */
export interface LocalCognito {
  endpoint: string;
  region: string;
  userPoolId: string;
  /** The app client with a secret, as a server-side app uses. */
  serverClient: { clientId: string; clientSecret: string };
  /** The app client without a secret, for the desktop app. */
  publicClientId: string;
  /** The token issuer, as real Cognito writes it. */
  issuer: string;
  /** Every code sent; `codes.nextCode(username)` waits for the newest. */
  codes: CodeInbox;
  /** The current TOTP code for a seeded user with an authenticator app. */
  totpCode(username: string): string;
  /** The current TOTP code for any secret (e.g. the one shown at TOTP set-up). */
  totpCodeForSecret(secret: string): string;
  /** Puts a seeded user back as it started (password, status, tokens). */
  resetUser(username: string): Promise<void>;
  stop(): Promise<void>;
}

