// What a view may ask of the app; the views never call the API for sign-in steps themselves.
import type { Child, Tone } from "./dom.js";

export interface Notice {
  tone: Tone;
  text: string;
}

export interface Flow {
  signIn(username: string, password: string): Promise<void>;
  /** Answers the open step: a code, a new password, or the chosen MFA type. */
  confirm(challengeResponse: string, userAttributes?: Record<string, string>): Promise<void>;
  /** Signs in again with the credentials kept for this challenge: a fresh code is sent. */
  resend(): Promise<void>;
  /** Back to the credentials form, with the username prefilled and an optional message. */
  restart(notice?: Notice): void;
  signOut(): Promise<void>;
  refreshMe(): Promise<void>;
  /** Shows an error in `region`, or restarts when the challenge is gone. */
  fail(error: unknown, region: HTMLElement): void;
}

/** One screen of the card. */
export interface View {
  title: string;
  children: Child[];
  /** What gets focus when the view appears (the code input on code steps). */
  focus?: HTMLElement;
  /** Stops timers when the view goes away. */
  dispose?: () => void;
}
