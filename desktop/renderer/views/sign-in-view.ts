import { h } from "../dom.js";
import { messageFor } from "../messages.js";
import { field, heading, linkButton, primaryButton } from "./fields.js";
import type { View, ViewContext } from "./view.js";

/** Email, password and "keep me signed in". */
export function signInView(context: ViewContext): View {
  const { state } = context;
  const username = field({ id: "username", label: "Email", type: "email", autocomplete: "username", attributes: { spellcheck: "false", autocapitalize: "off" } });
  const password = field({
    id: "password",
    label: "Password",
    type: "password",
    autocomplete: "current-password",
    ...(state.passwordOptional ? { hint: "Or leave it empty to sign in with a code instead.", attributes: { required: false } } : {}),
  });
  const shown = context.screen?.name === "sign-in" ? context.screen : undefined;
  if (shown?.username) username.input.value = shown.username;
  const remember = h("input", { id: "remember", name: "remember", type: "checkbox", "aria-describedby": "remember-hint" });
  const rememberHint =
    state.keychain === "persisted"
      ? "Your sign-in is kept in this computer's keychain."
      : "Not available here: this computer has no keychain we can use.";
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Sign in" },
    username.wrapper,
    password.wrapper,
    h("div", { class: "check" }, remember, h("label", { for: "remember" }, "Keep me signed in on this device"), h("p", { class: "hint", id: "remember-hint" }, rememberHint)),
    primaryButton("Sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!username.input.value.trim() || (!password.input.value && !state.passwordOptional)) {
      context.showError("Enter your email and password.");
      (username.input.value.trim() ? password.input : username.input).focus();
      return;
    }
    void context
      .run(form, async () => {
        const name = username.input.value.trim();
        try {
          const typed = password.input.value;
          const result = await context.auth.signIn({ username: name, ...(typed ? { password: typed } : {}), remember: remember.checked });
          // RESET_PASSWORD / CONFIRM_SIGN_UP: nothing is open in main; the account screens continue.
          const step = result.nextStep.signInStep;
          if (step === "CONFIRM_SIGN_UP" || step === "RESET_PASSWORD") {
            context.navigate(step === "CONFIRM_SIGN_UP" ? { name: "confirm-sign-up", username: name } : { name: "forgot-password", username: name });
            context.showError(messageFor({ code: step === "CONFIRM_SIGN_UP" ? "USER_NOT_CONFIRMED" : "PASSWORD_RESET_REQUIRED", message: "" }));
          }
        } catch (error) {
          // The account's next step has its own screen; the error still says why.
          const code = (error as { code?: string })?.code;
          if (code === "USER_NOT_CONFIRMED") context.navigate({ name: "confirm-sign-up", username: name });
          if (code === "PASSWORD_RESET_REQUIRED") context.navigate({ name: "forgot-password", username: name });
          throw error;
        }
      })
      .then((ok) => {
        if (!ok) {
          password.input.value = "";
          password.input.focus();
        }
      });
  });
  const offline = state.offline
    ? h("p", { class: "notice", role: "status" }, "You're offline. Your saved sign-in is kept and we'll try again shortly — or sign in below.")
    : null;
  const notice = shown?.notice ? h("p", { class: "notice success", role: "status", id: "notice" }, shown.notice) : null;
  const forgot = linkButton("Forgot password?");
  forgot.addEventListener("click", () => context.navigate({ name: "forgot-password", username: username.input.value.trim() }));
  const create = linkButton("Create account");
  create.addEventListener("click", () => context.navigate({ name: "sign-up" }));
  const element = h("div", { class: "view" }, heading("Sign in", "Welcome back. Sign in to continue."), offline, notice, context.errorRegion, form, h("div", { class: "actions" }, forgot, create));
  return { element, focusTarget: shown?.username ? password.input : username.input };
}
