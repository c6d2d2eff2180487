import type { NewDeviceMetadata, TokenSet } from "../cognito/cognito-port.js";
import type { OpenChallenge } from "./open-challenge.js";
import type { AccountStepName, DeviceStatus, FlowResult, SignedInUser, StepDetails } from "./steps.js";

/** A step is open: store `challenge` (it holds Cognito's Session) and show `result`. */
export interface ChallengeOutcome {
  status: "challenge";
  challenge: OpenChallenge<StepDetails>;
  /** Cognito's own name for the user: the account that rate limits count. */
  cognitoUsername: string;
  result: { isSignedIn: false; nextStep: StepDetails };
}

/** Signed in. `newDevice` is set when Cognito saw this device for the first time: confirm it. */
export interface SignedInOutcome {
  status: "signed-in";
  tokens: TokenSet;
  user: SignedInUser;
  cognitoUsername: string;
  /** NewDeviceMetadata from Cognito: pass it to `confirmDevice` to keep the device. */
  newDevice?: NewDeviceMetadata;
  result: FlowResult & { isSignedIn: true };
}

/** RESET_PASSWORD or CONFIRM_SIGN_UP: the sign-in ends here, with no challenge open. */
export interface AccountStepOutcome {
  status: "account-step";
  /** What the person typed: what the account routes take as `username`. */
  signInName: string;
  result: { isSignedIn: false; nextStep: { signInStep: AccountStepName } };
}

export type SignInOutcome = ChallengeOutcome | SignedInOutcome | AccountStepOutcome;

/** What DONE says about the device (no field when the pool does not track devices). */
export function deviceStatusOf(input: { newDevice?: NewDeviceMetadata; presentedDeviceKey?: string; provedDevice: boolean }): DeviceStatus | undefined {
  if (input.provedDevice) return "remembered";
  if (input.newDevice) return "new";
  return input.presentedDeviceKey ? "not-remembered" : undefined;
}

/** Whether Cognito sent a code (SMS or e-mail) to reach this outcome: what codes-sent budgets count. */
export function sentACode(outcome: { status: string; challenge?: { nextStep: { codeDeliveryDetails?: unknown } } }): boolean {
  return outcome.status === "challenge" && outcome.challenge?.nextStep.codeDeliveryDetails !== undefined;
}
