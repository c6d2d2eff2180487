// What a view may ask of the app; the views never call the API for sign-in steps themselves.
import type { AccountCodeDelivery, SignInResult, SignUpResult } from "./api.js";
import type { Child, Tone } from "./dom.js";

export interface Notice {
  tone: Tone;
  text: string;
}

export interface Flow {
  /** Without a password: a USER_AUTH server answers with the first-factor choice. */
  signIn(username: string, password?: string): Promise<void>;
  /** Answers the open step: a code, a password, a new password, an address or a choice. */
  confirm(challengeResponse: string, userAttributes?: Record<string, string>): Promise<void>;
  /** A new code for the open step (POST /auth/resend-code); the page holds no password for it. */
  resend(): Promise<void>;
  /** Back to the credentials form, with the username prefilled and an optional message. */
  restart(notice?: Notice): void;
  /** The "Create account" form. */
  startSignUp(): void;
  /** The sign-up code screen for `username`. */
  showConfirmSignUp(username: string, delivery?: AccountCodeDelivery, notice?: Notice): void;
  /** What confirm-sign-up answered: signed in (or a step), or the sign-in form with the username. */
  finishSignUp(username: string, result: SignUpResult | SignInResult): Promise<void>;
  /** The "Forgot password?" screens, optionally for a known username. */
  forgotPassword(username?: string, notice?: Notice): void;
  /** After DONE on a new device: remember it (POST /auth/remember-device) or not, then the account. */
  chooseRememberDevice(remember: boolean): Promise<void>;
  showAccount(notice?: Notice): Promise<void>;
  signOut(): Promise<void>;
  refreshMe(): Promise<void>;
  /** Shows an error in `region`, or restarts when the challenge or session is gone. */
  fail(error: unknown, region: HTMLElement): void;
}

/** One screen of the card. */
export interface View {
  title: string;
  children: Child[];
  /** What gets focus when the view appears: the first field of the screen. */
  focus?: HTMLElement;
  /** Stops timers when the view goes away. */
  dispose?: () => void;
}
