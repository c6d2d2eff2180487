// The page's state machine: which view the card shows, driven by the server's SignInResult.
import { api, ApiError, type OpenStep, type SignInResult } from "./api.js";
import { h, say } from "./dom.js";
import type { Flow, Notice, View } from "./flow.js";
import { rememberedUsername, rememberUsername } from "./last-username.js";
import { messageFor } from "./messages.js";
import { accountView } from "./views/account-view.js";
import { codeView } from "./views/code-view.js";
import { confirmSignUpView } from "./views/confirm-sign-up-view.js";
import { credentialsView } from "./views/credentials-view.js";
import { emailSetupView } from "./views/email-setup-view.js";
import { firstFactorView } from "./views/first-factor-view.js";
import { forgotPasswordView } from "./views/forgot-password-view.js";
import { mfaSelectionView } from "./views/mfa-selection-view.js";
import { newPasswordView } from "./views/new-password-view.js";
import { passwordStepView } from "./views/password-step-view.js";
import { rememberDeviceView } from "./views/remember-device-view.js";
import { signUpView } from "./views/sign-up-view.js";
import { totpSetupView } from "./views/totp-setup-view.js";

export function startApp(card: HTMLElement): void {
  let dispose: (() => void) | undefined;

  const show = (view: View) => {
    dispose?.();
    dispose = view.dispose;
    card.replaceChildren(...view.children.filter((child): child is Node | string => Boolean(child)));
    document.title = `${view.title} · cognito-mfa-kit demo`;
    (view.focus ?? card.querySelector<HTMLElement>("#step-title") ?? card).focus();
  };

  const at = (path: string) => {
    if (location.pathname !== path) history.replaceState(null, "", path);
  };

  const stepView = (step: OpenStep, notice?: Notice): View => {
    switch (step.signInStep) {
      case "CONFIRM_SIGN_IN_WITH_SMS_CODE":
      case "CONFIRM_SIGN_IN_WITH_EMAIL_CODE":
      case "CONFIRM_SIGN_IN_WITH_TOTP_CODE":
        return codeView(flow, step, notice);
      case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
        return mfaSelectionView(flow, step, "choose");
      case "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION":
        return mfaSelectionView(flow, step, "set-up");
      case "CONTINUE_SIGN_IN_WITH_TOTP_SETUP":
        return totpSetupView(flow, step);
      case "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP":
        return emailSetupView(flow, step);
      case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
        return newPasswordView(flow, step);
      case "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION":
        return firstFactorView(flow, step);
      case "CONFIRM_SIGN_IN_WITH_PASSWORD":
        return passwordStepView(flow, step, rememberedUsername());
    }
  };

  const handle = async (result: SignInResult, notice?: Notice) => {
    if (result.isSignedIn) {
      if (result.device?.status === "new") return show(rememberDeviceView(flow));
      return flow.showAccount();
    }
    const step = result.nextStep;
    // No challenge stays open after these two: the account routes take over.
    if (step.signInStep === "RESET_PASSWORD") {
      return flow.forgotPassword(rememberedUsername(), { tone: "info", text: messageFor({ code: "PASSWORD_RESET_REQUIRED", message: "" }) });
    }
    if (!("expiresAt" in step)) {
      return flow.showConfirmSignUp(rememberedUsername(), undefined, {
        tone: "info",
        text: `${messageFor({ code: "USER_NOT_CONFIRMED", message: "" })} Enter the code we sent when you signed up, or send a new one.`,
      });
    }
    show(stepView(step, notice));
  };

  const flow: Flow = {
    async signIn(username, password) {
      rememberUsername(username);
      await handle(await api.signIn(username, password));
    },
    async confirm(challengeResponse, userAttributes) {
      await handle(await api.confirmSignIn(challengeResponse, userAttributes));
    },
    async resend() {
      const result = await api.resendCode();
      const to = !result.isSignedIn && "codeDeliveryDetails" in result.nextStep && result.nextStep.codeDeliveryDetails?.destination;
      await handle(result, { tone: "success", text: to ? `We sent a new code to ${to}.` : "We sent a new code." });
    },
    restart(notice) {
      at("/");
      show(credentialsView(flow, { username: rememberedUsername(), ...(notice ? { notice } : {}) }));
    },
    startSignUp() {
      at("/");
      show(signUpView(flow));
    },
    showConfirmSignUp(username, delivery, notice) {
      rememberUsername(username);
      at("/");
      show(confirmSignUpView(flow, username, delivery, notice));
    },
    async finishSignUp(username, result) {
      rememberUsername(username);
      // The server may sign the new user in from Cognito's sign-up session (never a kept password).
      if ("isSignedIn" in result) return handle(result);
      // Or it set the session cookies already (this browser made the sign-up): then /api/me answers.
      const signedIn = await flow.showAccount({ tone: "success", text: "Your account is confirmed and you're signed in." }).then(
        () => true,
        () => false,
      );
      if (!signedIn) flow.restart({ tone: "success", text: "Your account is confirmed. Sign in with your password." });
    },
    forgotPassword(username, notice) {
      at("/");
      show(forgotPasswordView(flow, { username: username ?? rememberedUsername(), ...(notice ? { notice } : {}) }));
    },
    async chooseRememberDevice(remember) {
      if (remember) await api.rememberDevice();
      await flow.showAccount(remember ? { tone: "success", text: "This device is remembered: next time your password is enough." } : undefined);
    },
    async showAccount(notice) {
      const me = await api.me();
      // /account is the server's protected page: a reload there stays signed in.
      at("/account");
      show(accountView(flow, me, notice));
    },
    async signOut() {
      await api.signOut();
      flow.restart({ tone: "success", text: "You're signed out." });
    },
    async refreshMe() {
      await flow.showAccount({ tone: "info", text: "GET /api/me answered again." });
    },
    fail(error, region) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, "INTERNAL", "Something went wrong. Try again.");
      if (apiError.code === "CHALLENGE_EXPIRED") return flow.restart({ tone: "error", text: messageFor(apiError) });
      if (apiError.code === "NOT_SIGNED_IN") return flow.restart({ tone: "info", text: "Your session ended. Sign in again." });
      if (!(error instanceof ApiError)) console.error(error);
      say(region, "error", messageFor(apiError));
    },
  };

  // First paint: already signed in (the cookies are sent by themselves), or the form.
  card.replaceChildren(h("p", { class: "muted", role: "status" }, "Loading…"));
  flow.showAccount().catch(() => {
    at("/");
    show(credentialsView(flow));
  });
}
