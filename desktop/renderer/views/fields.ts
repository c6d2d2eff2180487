import { h } from "../dom.js";
import { totpQrImage } from "../../../shared/ui/totp-qr.js";

/** A labelled input; the label is a real <label for>, hints are tied with aria-describedby. */
export function field(options: { id: string; label: string; type: string; autocomplete: string; hint?: string; attributes?: Record<string, string | boolean> }): { wrapper: HTMLElement; input: HTMLInputElement } {
  const hintId = options.hint ? `${options.id}-hint` : undefined;
  const input = h("input", { id: options.id, name: options.id, type: options.type, autocomplete: options.autocomplete, required: true, "aria-describedby": hintId, ...options.attributes });
  const wrapper = h("div", { class: "field" }, h("label", { for: options.id }, options.label), input, options.hint ? h("p", { class: "hint", id: hintId }, options.hint) : null);
  return { wrapper, input };
}

export function primaryButton(text: string): HTMLButtonElement {
  return h("button", { type: "submit", class: "button primary" }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", { class: "label" }, text));
}

export function linkButton(text: string): HTMLButtonElement {
  return h("button", { type: "button", class: "button link" }, text);
}

export function heading(title: string, subtitle: string | Node): HTMLElement {
  return h("div", { class: "heading" }, h("h1", { tabindex: "-1" }, title), h("p", { class: "subtitle" }, subtitle));
}

/** The authenticator set-up link as a QR code to scan; hidden until `show` is given a link. */
export function totpQr(id: string): { wrapper: HTMLElement; show(setupUri: string): void } {
  const image = h("img", { id, alt: "QR code of the setup link below", "aria-describedby": `${id}-label` });
  const wrapper = h("div", { class: "field qr", hidden: true }, h("span", { class: "hint", id: `${id}-label` }, "Scan with your authenticator app"), image);
  return {
    wrapper,
    show(setupUri) {
      wrapper.hidden = setupUri === "";
      if (setupUri === "") return;
      const { src, size } = totpQrImage(setupUri);
      image.width = size;
      image.height = size;
      image.src = src;
    },
  };
}
