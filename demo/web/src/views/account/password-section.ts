import { api, ApiError } from "../../api.js";
import { busy, clear, h, say } from "../../dom.js";
import { passwordChangeMessageFor } from "../../messages.js";
import { invalid, PASSWORD_HINT, textField } from "../parts.js";
import { section, type AccountContext } from "./section.js";

/** update-password: the current password and a new one (twice). */
export function passwordSection(context: AccountContext): HTMLElement {
  const panel = section("password", "Change password");
  const current = textField("current-password", "Current password", { type: "password", autocomplete: "current-password" });
  const next = textField("change-new-password", "New password", { type: "password", autocomplete: "new-password" }, PASSWORD_HINT);
  const again = textField("change-confirm-password", "Confirm new password", { type: "password", autocomplete: "new-password" });
  const submit = h("button", { type: "submit", class: "secondary" }, "Change password");
  const form = h("form", { novalidate: true, "aria-label": "Change password" }, current.field, next.field, again.field, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!current.input.value) return invalid(current.input, panel.alert, "Enter your current password.");
    if (!next.input.value) return invalid(next.input, panel.alert, "Enter a new password.");
    if (next.input.value !== again.input.value) return invalid(again.input, panel.alert, "The passwords don't match.");
    clear(panel.alert);
    void busy(submit, async () => {
      await api.updatePassword(current.input.value, next.input.value);
      form.reset();
      say(panel.alert, "success", "Your password is changed.");
    }).catch((error: unknown) => {
      if (error instanceof ApiError && error.code !== "NOT_SIGNED_IN") {
        say(panel.alert, "error", passwordChangeMessageFor(error));
        (error.code === "NOT_AUTHORIZED" ? current.input : next.input).focus();
        return;
      }
      context.fail(error, panel.alert);
    });
  });
  panel.body.append(form);
  return panel.element;
}
