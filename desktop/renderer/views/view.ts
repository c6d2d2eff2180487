import type { AuthApi, AuthErrorInfo, AuthState } from "../../main/auth-state.js";

/**
 * A screen the renderer shows on its own, beside the ones main's state decides: the sign-up and
 * reset screens while signed out, the account page while signed in.
 */
export type Screen =
  | { name: "sign-in"; username?: string; notice?: string }
  | { name: "sign-up" }
  | { name: "confirm-sign-up"; username: string; destination?: string }
  | { name: "forgot-password"; username?: string }
  | { name: "account" };

/** What the controller gives every view. */
export interface ViewContext {
  auth: AuthApi;
  state: AuthState;
  /** The renderer's own screen, when one is shown. */
  screen?: Screen;
  /** Shows another screen (none: the one main's state decides). */
  navigate(screen?: Screen): void;
  /** Runs an auth call with the form busy, shows its error (in `words`, default messageFor), then re-reads the state. */
  run(form: HTMLFormElement | null, action: () => Promise<unknown>, words?: (error: AuthErrorInfo) => string): Promise<boolean>;
  /** The shared error region, placed by each view where it reads best. */
  errorRegion: HTMLElement;
  /** Shows a message in the error region without calling main (e.g. passwords differ). */
  showError(message: string): void;
}

/** One screen of the card. */
export interface View {
  element: HTMLElement;
  /** Where keyboard focus goes when the screen appears. */
  focusTarget: HTMLElement;
  /** Refreshes dynamic parts (attempts left) without rebuilding, so focus and typing survive. */
  update?(state: AuthState): void;
  dispose?(): void;
}
