import type { OpenStep } from "../api.js";
import { alertRegion, busy, h, say } from "../dom.js";
import type { Flow, View } from "../flow.js";
import { heading } from "./parts.js";

/** Cognito attribute names as people read them, with the right keyboard and autofill. */
function attributeInput(name: string): { label: string; type: string; autocomplete: string } {
  const known: Record<string, { label: string; type: string; autocomplete: string }> = {
    email: { label: "Email", type: "email", autocomplete: "email" },
    phone_number: { label: "Phone number", type: "tel", autocomplete: "tel" },
    given_name: { label: "First name", type: "text", autocomplete: "given-name" },
    family_name: { label: "Last name", type: "text", autocomplete: "family-name" },
    name: { label: "Full name", type: "text", autocomplete: "name" },
  };
  const label = name.replace(/^custom:/, "").replace(/_/g, " ");
  return known[name] ?? { label: label.charAt(0).toUpperCase() + label.slice(1), type: "text", autocomplete: "off" };
}

/** A temporary password: choose a new one (and fill any attributes the pool requires). */
export function newPasswordView(flow: Flow, step: OpenStep): View {
  const alert = alertRegion("password-alert");
  const password = h("input", { id: "new-password", type: "password", autocomplete: "new-password", required: true, "aria-describedby": "password-hint" });
  const confirmation = h("input", { id: "confirm-password", type: "password", autocomplete: "new-password", required: true });
  const attributes = (step.missingAttributes ?? []).map((name) => {
    const spec = attributeInput(name);
    const input = h("input", { id: `attr-${name}`, name, type: spec.type, autocomplete: spec.autocomplete, required: true });
    return { name, input, field: h("div", { class: "field" }, h("label", { for: `attr-${name}` }, spec.label), input) };
  });
  const submit = h("button", { type: "submit", class: "primary" }, "Set password and continue");
  const form = h(
    "form",
    { novalidate: true, "aria-labelledby": "step-title" },
    h(
      "div",
      { class: "field" },
      h("label", { for: "new-password" }, "New password"),
      password,
      h("p", { class: "hint", id: "password-hint" }, "At least 8 characters, with upper- and lower-case letters, a number and a symbol."),
    ),
    h("div", { class: "field" }, h("label", { for: "confirm-password" }, "Confirm new password"), confirmation),
    ...attributes.map((attribute) => attribute.field),
    alert,
    submit,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!password.value) return (say(alert, "error", "Enter a new password."), password.focus());
    if (password.value !== confirmation.value) return (say(alert, "error", "The passwords don't match."), confirmation.focus());
    const missing = attributes.find((attribute) => !attribute.input.value.trim());
    if (missing) return (say(alert, "error", "Fill in every field."), missing.input.focus());
    const userAttributes = Object.fromEntries(attributes.map((attribute) => [attribute.name, attribute.input.value.trim()]));
    void busy(submit, () => flow.confirm(password.value, attributes.length ? userAttributes : undefined)).catch((error: unknown) => {
      flow.fail(error, alert);
      password.focus();
    });
  });
  const title = "Choose a new password";
  return { title, children: [...heading(title, "Your account has a temporary password. Choose your own to continue."), form], focus: password };
}
