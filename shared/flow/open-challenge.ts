import type { ChallengeName, FirstFactor } from "../cognito/cognito-port.js";
import type { OpenStep, StepDetails } from "./steps.js";

/**
 * Everything needed to answer an open Cognito challenge. It holds the Cognito `Session`, so it
 * stays on the server (or in the desktop main process): a store keeps it under an opaque id.
 * Plain JSON, so any store can hold it. `Step` is the step vocabulary: `StepDetails` for
 * `createFlow`, the pre-issue-13 `OpenStep` (the default) for `createSignInFlow`.
 */
export interface OpenChallenge<Step extends StepDetails | OpenStep = OpenStep> {
  challengeName: ChallengeName;
  /** Cognito's challenge Session: a secret. */
  session: string;
  /** Cognito's name for the user (USER_ID_FOR_SRP), used in answers, SECRET_HASH and per-account limits. */
  cognitoUsername: string;
  /** What the person typed at sign-in ("resend" and the TOTP label use it; limits do not). */
  signInName: string;
  /** What the client was told to do. */
  nextStep: Step;
  /** Milliseconds since the epoch when the Cognito session runs out. */
  expiresAt: number;
  /** CONFIRM_SIGN_IN_WITH_PASSWORD: which first factor the password answers (SELECT_CHALLENGE stays open). */
  firstFactor?: Extract<FirstFactor, "PASSWORD" | "PASSWORD_SRP">;
  /** A remembered device the sign-in presented; later answers send its DEVICE_KEY too. */
  deviceKey?: string;
}
