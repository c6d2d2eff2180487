// Pieces several views share: the heading, the six-digit code field, the countdown line.
import { startCountdown, formatRemaining } from "../countdown.js";
import { h, say, type Child } from "../dom.js";
import { totpQrImage } from "../../../../shared/ui/totp-qr.js";

export function heading(title: string, ...lead: Child[]): Child[] {
  return [h("h1", { id: "step-title", tabindex: -1 }, title), lead.length ? h("p", { class: "lead" }, ...lead) : null];
}

/** The one-time-code input: numeric keypad on phones, SMS autofill, digits only. */
export function codeField(label: string, describedBy: string | undefined, id = "code"): { field: HTMLElement; input: HTMLInputElement } {
  const input = h("input", {
    id,
    name: "code",
    type: "text",
    class: "code-input",
    autocomplete: "one-time-code",
    inputmode: "numeric",
    pattern: "[0-9]{6}",
    maxlength: 6,
    required: true,
    spellcheck: "false",
    "aria-describedby": describedBy,
  });
  // Pasted codes often carry spaces or dashes ("123 456"): keep the digits.
  input.addEventListener("input", () => {
    const digits = input.value.replace(/\D/g, "").slice(0, 6);
    if (digits !== input.value) input.value = digits;
    input.removeAttribute("aria-invalid");
  });
  return { field: h("div", { class: "field" }, h("label", { for: id }, label), input), input };
}

/** "Code expires in 2:59", live; at zero it turns red and calls onExpire once. */
export function countdownLine(id: string, expiresAt: string, onExpire: () => void, what = "Code"): { element: HTMLElement; stop: () => void } {
  // role="timer" is not announced on every tick; the expiry itself is announced by an alert.
  const element = h("p", { id, class: "timer", role: "timer" });
  const stop = startCountdown(
    expiresAt,
    (msLeft) => {
      element.textContent = msLeft > 0 ? `${what} expires in ${formatRemaining(msLeft)}` : `${what} expired`;
      element.classList.toggle("soon", msLeft > 0 && msLeft <= 30_000);
      element.classList.toggle("over", msLeft <= 0);
    },
    onExpire,
  );
  return { element, stop };
}

/** Shown instead of the submit button once a challenge runs out: the way forward. */
export function signInAgainButton(onClick: () => void): HTMLButtonElement {
  const button = h("button", { type: "button", class: "primary", hidden: true }, "Sign in again");
  button.addEventListener("click", onClick);
  return button;
}

/** Puts a step in its expired state: controls off, the reason announced, focus on the way forward. */
export function showExpired(controls: Array<HTMLInputElement | HTMLButtonElement>, again: HTMLButtonElement, announce: () => void): void {
  const hadFocus = controls.some((control) => control === document.activeElement) || document.activeElement === document.body;
  for (const control of controls) {
    if (control instanceof HTMLButtonElement) control.hidden = true;
    else control.disabled = true;
  }
  again.hidden = false;
  announce();
  if (hadFocus) again.focus();
}

export const PASSWORD_HINT = "At least 8 characters, with upper- and lower-case letters, a number and a symbol.";

/** A labelled text-like input; `hint` is read out with it (aria-describedby). */
export function textField(
  id: string,
  label: string,
  attributes: { type: string; autocomplete: string; value?: string; inputmode?: string; placeholder?: string },
  hint?: string,
): { field: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { id, name: id, required: true, ...attributes, "aria-describedby": hint ? `${id}-hint` : undefined });
  input.addEventListener("input", () => input.removeAttribute("aria-invalid"));
  const field = h("div", { class: "field" }, h("label", { for: id }, label), input, hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null);
  return { field, input };
}

/** Marks a field wrong, says why in the live region, and puts the focus back on it. */
export function invalid(input: HTMLInputElement, region: HTMLElement, text: string): void {
  input.setAttribute("aria-invalid", "true");
  say(region, "error", text);
  input.focus();
}

export const SIX_DIGITS = /^\d{6}$/;

/** The authenticator set-up link as a QR code to scan, with the words a screen reader says instead. */
export function totpQrField(id: string, setupUri: string): HTMLElement {
  const { src, size } = totpQrImage(setupUri);
  return h(
    "div",
    { class: "field qr" },
    h("span", { id: `${id}-label` }, h("strong", {}, "Scan with your authenticator app")),
    h("img", { id, src, width: size, height: size, alt: "QR code of the setup URI below", "aria-describedby": `${id}-label` }),
  );
}
