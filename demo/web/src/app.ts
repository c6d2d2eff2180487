// The page's state machine: which view the card shows, driven by the server's SignInResult.
import { api, ApiError, type OpenStep, type SignInResult } from "./api.js";
import { h, say } from "./dom.js";
import type { Flow, Notice, View } from "./flow.js";
import { messageFor } from "./messages.js";
import { forgetCredentials, keepCredentials, keptCredentials, rememberedUsername, rememberUsername } from "./pending-sign-in.js";
import { codeView } from "./views/code-view.js";
import { credentialsView } from "./views/credentials-view.js";
import { mfaSelectionView } from "./views/mfa-selection-view.js";
import { newPasswordView } from "./views/new-password-view.js";
import { signedInView } from "./views/signed-in-view.js";
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

  const stepView = (step: OpenStep, notice?: Notice): View => {
    switch (step.signInStep) {
      case "CONFIRM_SIGN_IN_WITH_SMS_CODE":
      case "CONFIRM_SIGN_IN_WITH_EMAIL_CODE":
      case "CONFIRM_SIGN_IN_WITH_TOTP_CODE":
        return codeView(flow, step, notice);
      case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
        return mfaSelectionView(flow, step);
      case "CONTINUE_SIGN_IN_WITH_TOTP_SETUP":
        return totpSetupView(flow, step);
      case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
        return newPasswordView(flow, step);
    }
  };

  const showAccount = async (notice?: Notice) => {
    const me = await api.me();
    // /account is the server's protected page: a reload there stays signed in.
    if (location.pathname !== "/account") history.replaceState(null, "", "/account");
    show(signedInView(flow, me, notice));
  };

  const handle = async (result: SignInResult, notice?: Notice) => {
    if (result.isSignedIn) {
      forgetCredentials();
      return showAccount();
    }
    show(stepView(result.nextStep, notice));
  };

  const flow: Flow = {
    async signIn(username, password) {
      rememberUsername(username);
      const result = await api.signIn(username, password);
      if (!result.isSignedIn) keepCredentials(username, password, result.nextStep.expiresAt);
      await handle(result);
    },
    async confirm(challengeResponse, userAttributes) {
      await handle(await api.confirmSignIn(challengeResponse, userAttributes));
    },
    async resend() {
      const kept = keptCredentials();
      if (!kept) throw new ApiError(401, "CHALLENGE_EXPIRED", "This sign-in has expired.");
      const result = await api.signIn(kept.username, kept.password);
      if (!result.isSignedIn) keepCredentials(kept.username, kept.password, result.nextStep.expiresAt);
      const to = !result.isSignedIn && result.nextStep.codeDeliveryDetails?.destination;
      await handle(result, { tone: "success", text: to ? `We sent a new code to ${to}.` : "We sent a new code." });
    },
    restart(notice) {
      forgetCredentials();
      if (location.pathname !== "/") history.replaceState(null, "", "/");
      show(credentialsView(flow, { username: rememberedUsername(), ...(notice ? { notice } : {}) }));
    },
    async signOut() {
      await api.signOut();
      flow.restart({ tone: "success", text: "You're signed out." });
    },
    async refreshMe() {
      await showAccount({ tone: "info", text: "GET /api/me answered again." });
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
  api.me().then(
    (me) => {
      if (location.pathname !== "/account") history.replaceState(null, "", "/account");
      show(signedInView(flow, me));
    },
    () => {
      if (location.pathname !== "/") history.replaceState(null, "", "/");
      show(credentialsView(flow));
    },
  );
}
