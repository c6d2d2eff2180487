import { h } from "../dom.js";
import { field, heading, linkButton, primaryButton } from "./fields.js";
import type { View, ViewContext } from "./view.js";

/** Cognito's NEW_PASSWORD_REQUIRED: a new password, typed twice. */
export function newPasswordView(context: ViewContext): View {
  const password = field({
    id: "new-password",
    label: "New password",
    type: "password",
    autocomplete: "new-password",
    hint: "At least 8 characters, with upper- and lower-case letters, a number and a symbol.",
  });
  const confirm = field({ id: "confirm-password", label: "Confirm new password", type: "password", autocomplete: "new-password" });
  // Attributes the pool requires that the account lacks (Cognito's requiredAttributes), e.g. "name".
  const missing = (context.state.nextStep?.missingAttributes ?? []).map((name) => ({
    name,
    field: field({ id: `attribute-${name.replace(/[^\w-]/g, "-")}`, label: attributeLabel(name), type: "text", autocomplete: "off" }),
  }));
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Choose a new password" },
    password.wrapper,
    confirm.wrapper,
    ...missing.map((attribute) => attribute.field.wrapper),
    primaryButton("Set password and sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!password.input.value) {
      context.showError("Enter a new password.");
      return password.input.focus();
    }
    if (password.input.value !== confirm.input.value) {
      context.showError("The two passwords don't match.");
      return confirm.input.focus();
    }
    const empty = missing.find((attribute) => !attribute.field.input.value.trim());
    if (empty) {
      context.showError(`Enter your ${attributeLabel(empty.name).toLowerCase()}.`);
      return empty.field.input.focus();
    }
    const userAttributes = Object.fromEntries(missing.map((attribute) => [attribute.name, attribute.field.input.value.trim()]));
    void context.run(form, () => context.auth.confirmSignIn({ challengeResponse: password.input.value, ...(missing.length ? { userAttributes } : {}) })).then((ok) => {
      if (!ok) password.input.focus();
    });
  });
  const cancel = linkButton("Use a different account");
  cancel.addEventListener("click", () => void context.run(null, () => context.auth.signOut()));
  const element = h(
    "div",
    { class: "view" },
    heading("Choose a new password", "Your account has a temporary password. Choose your own to finish signing in."),
    context.errorRegion,
    form,
    h("div", { class: "actions" }, cancel),
  );
  return { element, focusTarget: password.input };
}

/** "given_name" → "Given name"; "custom:team" → "Team". */
function attributeLabel(name: string): string {
  const plain = name.replace(/^custom:/, "").replace(/_/g, " ");
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}
