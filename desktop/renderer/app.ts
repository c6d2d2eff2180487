import type { AuthApi, AuthErrorInfo, AuthState } from "../main/auth-state.js";
import { errorInfoOf } from "./auth-window.js";
import { h } from "./dom.js";
import { messageFor } from "./messages.js";
import { accountView } from "./views/account-view.js";
import { codeView } from "./views/code-view.js";
import { emailSetupView } from "./views/email-setup-view.js";
import { firstFactorView } from "./views/first-factor-view.js";
import { mfaSetupSelectView } from "./views/mfa-setup-select-view.js";
import { passwordStepView } from "./views/password-step-view.js";
import { confirmSignUpView } from "./views/confirm-sign-up-view.js";
import { forgotPasswordView } from "./views/forgot-password-view.js";
import { signUpView } from "./views/sign-up-view.js";
import { mfaSelectView } from "./views/mfa-select-view.js";
import { newPasswordView } from "./views/new-password-view.js";
import { signInView } from "./views/sign-in-view.js";
import { signedInView } from "./views/signed-in-view.js";
import { totpSetupView } from "./views/totp-setup-view.js";
import type { Screen, View, ViewContext } from "./views/view.js";

export interface AppElements {
  card: HTMLElement;
  banner: HTMLElement;
  announcer: HTMLElement;
}

/**
 * The renderer's controller: renders whatever state main reports, one screen at a time. It
 * talks only to `window.auth`, and never stores anything (no localStorage, no cookies).
 */
export function startApp(auth: AuthApi, elements: AppElements): { render(state: AuthState): void } {
  // One error region for all screens: an error that ends a step (no attempts left) stays
  // readable on the screen that follows. aria-live so screen readers hear it at once.
  const errorRegion = h("p", { class: "alert", id: "form-error", role: "alert", "aria-live": "assertive", hidden: true });
  let current: { key: string; view: View } | undefined;
  let keepErrorOnce = false;
  let screen: Screen | undefined;
  let lastState: AuthState | undefined;

  function showError(message: string): void {
    errorRegion.textContent = message;
    errorRegion.hidden = false;
  }
  function clearError(): void {
    errorRegion.textContent = "";
    errorRegion.hidden = true;
  }

  async function run(form: HTMLFormElement | null, action: () => Promise<unknown>, words: (error: AuthErrorInfo) => string = messageFor): Promise<boolean> {
    const button = form?.querySelector<HTMLButtonElement>("button[type=submit]");
    form?.setAttribute("aria-busy", "true");
    if (button) button.disabled = true;
    clearError();
    let ok = true;
    try {
      await action();
    } catch (reason) {
      ok = false;
      showError(words(errorInfoOf(reason)));
      keepErrorOnce = true;
    } finally {
      form?.removeAttribute("aria-busy");
      if (button) button.disabled = false;
    }
    render(await auth.getState());
    return ok;
  }

  function navigate(next?: Screen): void {
    screen = next;
    if (lastState) render(lastState);
  }

  /** The renderer's own screen, if it still fits the state (signed-out screens end at sign-in, the account page at sign-out). */
  function screenFor(state: AuthState): Screen | undefined {
    if (!screen) return undefined;
    const fits = screen.name === "account" ? state.status === "signed-in" : state.status === "signed-out";
    if (!fits) screen = undefined;
    return screen;
  }

  function keyOf(state: AuthState): string {
    return [state.status, state.nextStep?.signInStep, state.nextStep?.expiresAt, state.user?.sub, state.offline, screen ? JSON.stringify(screen) : ""].join("|");
  }

  function build(state: AuthState): View {
    const shown = screenFor(state);
    const context: ViewContext = { auth, state, run, errorRegion, showError, navigate, ...(shown ? { screen: shown } : {}) };
    switch (shown?.name) {
      case "sign-up":
        return signUpView(context);
      case "confirm-sign-up":
        return confirmSignUpView(context, shown);
      case "forgot-password":
        return forgotPasswordView(context, shown);
      case "account":
        return accountView(context);
    }
    if (state.status === "signed-in") return signedInView(context);
    if (state.status === "challenge" && state.nextStep) {
      switch (state.nextStep.signInStep) {
        case "CONFIRM_SIGN_IN_WITH_SMS_CODE":
        case "CONFIRM_SIGN_IN_WITH_EMAIL_CODE":
        case "CONFIRM_SIGN_IN_WITH_TOTP_CODE":
          return codeView(context, state.nextStep.signInStep);
        case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
          return mfaSelectView(context);
        case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
          return newPasswordView(context);
        case "CONTINUE_SIGN_IN_WITH_TOTP_SETUP":
          return totpSetupView(context);
        case "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION":
          return mfaSetupSelectView(context);
        case "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP":
          return emailSetupView(context);
        case "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION":
          return firstFactorView(context);
        case "CONFIRM_SIGN_IN_WITH_PASSWORD":
          return passwordStepView(context);
      }
    }
    return signInView(context);
  }

  function render(state: AuthState): void {
    lastState = state;
    screenFor(state);
    elements.banner.hidden = state.keychain !== "memory-only";
    elements.banner.textContent =
      state.keychain === "memory-only" ? "This computer has no keychain available, so your sign-in can't be remembered after you close the app." : "";
    const key = keyOf(state);
    if (current?.key === key) {
      current.view.update?.(state);
      return;
    }
    current?.view.dispose?.();
    if (!keepErrorOnce) clearError();
    keepErrorOnce = false;
    const view = build(state);
    current = { key, view };
    elements.card.replaceChildren(view.element);
    view.focusTarget.focus();
    elements.announcer.textContent = view.element.querySelector("h1")?.textContent ?? "";
  }

  auth.onState(render);
  void auth.getState().then(render, (reason) => showError(messageFor(errorInfoOf(reason))));
  return { render };
}
