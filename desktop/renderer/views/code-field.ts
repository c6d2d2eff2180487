import { field } from "./fields.js";

/** A six-digit code input: numeric keyboard, one-time-code autofill, pasted spaces and dashes dropped. */
export function codeField(id: string, label: string, hint?: string): { wrapper: HTMLElement; input: HTMLInputElement } {
  const code = field({
    id,
    label,
    type: "text",
    autocomplete: "one-time-code",
    ...(hint ? { hint } : {}),
    attributes: { inputmode: "numeric", pattern: "[0-9]{6}", maxlength: "6", spellcheck: "false", class: "code-input" },
  });
  code.input.addEventListener("input", () => {
    const digits = code.input.value.replace(/\D/g, "").slice(0, 6);
    if (digits !== code.input.value) code.input.value = digits;
  });
  return code;
}

/** True for six digits; otherwise shows `message`, focuses the input and returns false. */
export function checkCode(input: HTMLInputElement, showError: (message: string) => void): boolean {
  if (/^\d{6}$/.test(input.value)) return true;
  showError("Enter the 6-digit code.");
  input.focus();
  return false;
}
