import { api } from "../../api.js";
import { busy, clear, h, say } from "../../dom.js";
import { codeField, invalid, SIX_DIGITS, totpQrField } from "../parts.js";
import { section, type AccountContext } from "./section.js";

/**
 * set-up-totp → verify-totp-setup → TOTP turned on. The page shows the set-up link as a QR code
 * to scan, and the secret and the otpauth:// link beside it (phones open the link in the app).
 */
export function totpSection(context: AccountContext): { element: HTMLElement; show(enabled: boolean): void } {
  const panel = section("totp", "Authenticator app", "Codes from an app such as Google Authenticator or 1Password.");

  const setUpStage = (secret: string, uri: string) => {
    const { field, input } = codeField("Code from your app", undefined, "totp-code");
    const verify = h("button", { type: "submit", class: "primary" }, "Verify app");
    const form = h(
      "form",
      { novalidate: true, "aria-label": "Set up an authenticator app" },
      totpQrField("account-totp-qr", uri),
      h("div", { class: "field" }, h("span", { id: "account-secret-label" }, h("strong", {}, "Secret key")), h("p", { class: "secret", "aria-labelledby": "account-secret-label", id: "account-totp-secret" }, secret)),
      h("div", { class: "field" }, h("span", { id: "account-uri-label" }, h("strong", {}, "Setup URI")), h("p", { class: "secret", "aria-labelledby": "account-uri-label", id: "account-totp-uri" }, uri), h("p", { class: "hint" }, "On a phone, ", h("a", { href: uri }, "open it in your authenticator app"), "; elsewhere, type the secret key into the app.")),
      field,
      verify,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!SIX_DIGITS.test(input.value)) return invalid(input, panel.alert, "Enter the 6-digit code your app shows.");
      clear(panel.alert);
      void busy(verify, async () => {
        await api.verifyTotpSetup(input.value);
        // Setting the app up is asking to use it: turn it on (the MFA panel can turn it off).
        await api.updateMfaPreference({ totp: "ENABLED" });
        await context.reload();
        say(panel.alert, "success", "Your authenticator app is set up and on.");
      }).catch((error: unknown) => {
        input.value = "";
        context.fail(error, panel.alert);
        input.focus();
      });
    });
    return { form, input };
  };

  return {
    element: panel.element,
    show(enabled) {
      const start = h("button", { type: "button", class: "secondary", id: "set-up-totp" }, enabled ? "Set up a new authenticator app" : "Set up an authenticator app");
      start.addEventListener("click", () => {
        clear(panel.alert);
        void busy(start, async () => {
          const { sharedSecret, setupUri } = await api.setUpTotp();
          const stage = setUpStage(sharedSecret, setupUri);
          panel.body.replaceChildren(stage.form);
          stage.input.focus();
        }).catch((error: unknown) => context.fail(error, panel.alert));
      });
      panel.body.replaceChildren(start);
    },
  };
}
