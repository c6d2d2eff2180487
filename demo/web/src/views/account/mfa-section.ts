import { api, type MfaPreference, type MfaSetting, type MfaType } from "../../api.js";
import { busy, clear, h, say } from "../../dom.js";
import { section, type AccountContext } from "./section.js";

const NAMES: Record<MfaType, { label: string; key: "sms" | "totp" | "email" }> = {
  SMS: { label: "Text message (SMS)", key: "sms" },
  TOTP: { label: "Authenticator app", key: "totp" },
  EMAIL: { label: "Email", key: "email" },
};

/** GET /auth/mfa-preference, and buttons for update-mfa-preference: turn a method on or off, make it preferred. */
export function mfaSection(context: AccountContext): { element: HTMLElement; show(preference: MfaPreference, attributes: Record<string, string>): void; load(): Promise<MfaPreference> } {
  const panel = section("mfa", "Two-step verification", "A code at each sign-in, after the password.");

  const change = (button: HTMLButtonElement, type: MfaType, setting: MfaSetting, done: string) => {
    clear(panel.alert);
    void busy(button, async () => {
      await api.updateMfaPreference({ [NAMES[type].key]: setting });
      await context.reload();
      say(panel.alert, "success", done);
      panel.element.querySelector<HTMLElement>("h2")?.focus();
    }).catch((error: unknown) => context.fail(error, panel.alert));
  };

  const row = (type: MfaType, preference: MfaPreference, canTurnOn: boolean, whyNot: string) => {
    const on = preference.enabled?.includes(type) ?? false;
    const preferred = preference.preferred === type;
    const { label } = NAMES[type];
    const status = h("span", { class: on ? "tag ok" : "tag", id: `mfa-${type}-status` }, on ? (preferred ? "On · preferred" : "On") : "Off");
    const buttons: HTMLButtonElement[] = [];
    const button = (text: string, setting: MfaSetting, done: string) => {
      const element = h("button", { type: "button", class: "secondary small" }, text);
      element.addEventListener("click", () => change(element, type, setting, done));
      buttons.push(element);
    };
    if (!on && canTurnOn) button(`Turn on ${type === "SMS" ? "SMS" : label.toLowerCase()}`, "ENABLED", `${label} is on: the next sign-in asks for its code.`);
    if (on && !preferred) button(`Make ${type === "SMS" ? "SMS" : label.toLowerCase()} preferred`, "PREFERRED", `${label} is now the preferred method.`);
    if (on) button(`Turn off ${type === "SMS" ? "SMS" : label.toLowerCase()}`, "DISABLED", `${label} is off.`);
    return h(
      "li",
      { class: "mfa-row" },
      h("div", {}, h("strong", {}, label), " ", status, !on && !canTurnOn ? h("p", { class: "hint" }, whyNot) : null),
      h("div", { class: "actions" }, ...buttons),
    );
  };

  const show = (preference: MfaPreference, attributes: Record<string, string>) => {
    const phoneVerified = attributes.phone_number_verified === "true";
    const rows = [
      row("SMS", preference, phoneVerified, "Add and verify a phone number first."),
      row("TOTP", preference, false, "Set up an authenticator app below first."),
    ];
    if (preference.enabled?.includes("EMAIL")) rows.push(row("EMAIL", preference, false, ""));
    panel.body.replaceChildren(h("ul", { class: "mfa-list" }, ...rows));
  };

  return {
    element: panel.element,
    show,
    async load() {
      try {
        return await api.mfaPreference();
      } catch (error) {
        context.fail(error, panel.alert);
        return {};
      }
    },
  };
}
