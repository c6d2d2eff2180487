import { field } from "./fields.js";

export const PASSWORD_HINT = "At least 8 characters, with upper- and lower-case letters, a number and a symbol.";

/** A new password typed twice; `check` shows the problem and focuses the field to fix. */
export function newPasswordFields(prefix: string, label = "New password") {
  const password = field({ id: `${prefix}-password`, label, type: "password", autocomplete: "new-password", hint: PASSWORD_HINT });
  const confirm = field({ id: `${prefix}-confirm`, label: `Confirm ${label.toLowerCase()}`, type: "password", autocomplete: "new-password" });
  function check(showError: (message: string) => void): boolean {
    if (!password.input.value) {
      showError("Enter a password.");
      password.input.focus();
      return false;
    }
    if (password.input.value !== confirm.input.value) {
      showError("The two passwords don't match.");
      confirm.input.focus();
      return false;
    }
    return true;
  }
  return { password, confirm, check };
}
