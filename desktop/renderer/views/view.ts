import type { AuthApi, AuthState } from "../../main/auth-state.js";

/** What the controller gives every view. */
export interface ViewContext {
  auth: AuthApi;
  state: AuthState;
  /** Runs an auth call with the form busy, shows its error, then re-reads the state. */
  run(form: HTMLFormElement | null, action: () => Promise<unknown>): Promise<boolean>;
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
