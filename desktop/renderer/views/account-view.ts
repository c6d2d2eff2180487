import type { MfaPreference } from "../../../shared/account/account-types.js";
import { h } from "../dom.js";
import { passwordChangeMessageFor } from "../messages.js";
import { checkCode, codeField } from "./code-field.js";
import { field, heading, linkButton, primaryButton, totpQr } from "./fields.js";
import { newPasswordFields } from "./password-fields.js";
import type { View, ViewContext } from "./view.js";

/**
 * The signed-in account page: profile, add and verify a phone, SMS and authenticator-app MFA,
 * change password. Every call goes through `window.auth`; the session's tokens stay in main.
 */
export function accountView(context: ViewContext): View {
  const { auth } = context;
  const status = h("p", { class: "notice success", role: "status", id: "account-status", hidden: true });
  const say = (message: string) => {
    status.textContent = message;
    status.hidden = false;
  };
  const secondary = (text: string, id: string) => {
    const button = h("button", { type: "button", class: "button secondary", id }, text);
    return button;
  };

  // Profile
  const profile = h("dl", { class: "profile", id: "profile" });
  let attributes: Record<string, string> = {};
  let mfa: MfaPreference = {};

  // Phone
  const phone = field({ id: "phone", label: "Phone number", type: "tel", autocomplete: "tel", hint: "In international format, e.g. +15555550100." });
  const phoneForm = h("form", { class: "form", novalidate: true, "aria-label": "Add a phone number" }, phone.wrapper, primaryButton("Save phone number"));
  const phoneCode = codeField("phone-code", "Code we texted you");
  const verifyForm = h("form", { class: "form", novalidate: true, "aria-label": "Verify your phone", hidden: true }, phoneCode.wrapper, primaryButton("Verify phone"));
  const resendPhone = linkButton("Text me a new code");
  resendPhone.hidden = true;

  // MFA
  const mfaText = h("p", { class: "subtitle", id: "mfa-status" });
  const smsOn = secondary("Turn on text message codes", "sms-on");
  const smsPreferred = secondary("Make text messages preferred", "sms-preferred");
  const smsOff = secondary("Turn off text message codes", "sms-off");
  const totpStart = secondary("Set up an authenticator app", "totp-start");
  const totpSecret = h("code", { class: "secret-value", id: "totp-secret" });
  const totpUri = h("input", { id: "totp-uri", type: "text", readonly: true, class: "uri", "aria-describedby": "totp-uri-hint" });
  const totpCode = codeField("totp-code", "Code from the app");
  const totpImage = totpQr("totp-qr");
  const totpForm = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Set up an authenticator app", hidden: true },
    totpImage.wrapper,
    h("div", { class: "secret" }, h("span", { class: "hint" }, "Setup key"), totpSecret),
    h("div", { class: "field" }, h("label", { for: "totp-uri" }, "Setup link"), totpUri, h("p", { class: "hint", id: "totp-uri-hint" }, "Scan the QR code with your phone's authenticator app, or type the key into it.")),
    totpCode.wrapper,
    primaryButton("Verify app"),
  );

  // Password
  const oldPassword = field({ id: "old-password", label: "Current password", type: "password", autocomplete: "current-password" });
  const passwords = newPasswordFields("change");
  const passwordForm = h("form", { class: "form", novalidate: true, "aria-label": "Change password" }, oldPassword.wrapper, passwords.password.wrapper, passwords.confirm.wrapper, primaryButton("Change password"));

  function row(label: string, value: string, id: string): Node[] {
    return [h("dt", {}, label), h("dd", { id }, value)];
  }
  const methodName = { SMS: "Text message", TOTP: "Authenticator app", EMAIL: "Email" } as const;

  function paint(): void {
    const phoneNumber = attributes.phone_number;
    const phoneVerified = attributes.phone_number_verified === "true";
    profile.replaceChildren(
      ...row("Email", `${attributes.email ?? "—"}${attributes.email_verified === "true" ? " (verified)" : ""}`, "profile-email"),
      ...row("Phone", phoneNumber ? `${phoneNumber} (${phoneVerified ? "verified" : "not verified"})` : "None", "profile-phone"),
    );
    const enabled = mfa.enabled ?? [];
    mfaText.textContent = enabled.length
      ? `On: ${enabled.map((method) => `${methodName[method]}${mfa.preferred === method ? " (preferred)" : ""}`).join(", ")}.`
      : "Off: your password alone signs you in.";
    const sms = enabled.includes("SMS");
    smsOn.hidden = sms;
    smsOff.hidden = !sms;
    smsPreferred.hidden = !sms || mfa.preferred === "SMS";
    if (phoneNumber && !phoneVerified && verifyForm.hidden) resendPhone.hidden = false;
  }

  async function load(): Promise<void> {
    [{ userAttributes: attributes }, mfa] = await Promise.all([auth.fetchUserAttributes(), auth.fetchMFAPreference()]);
    paint();
  }

  phoneForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = phone.input.value.replace(/[\s()-]/g, "");
    if (!/^\+\d{6,15}$/.test(value)) {
      context.showError("Enter the phone number in international format, starting with + and the country code.");
      return phone.input.focus();
    }
    void context.run(phoneForm, async () => {
      const result = await auth.updateUserAttributes({ userAttributes: { phone_number: value } });
      const step = result.phone_number?.nextStep;
      if (step?.updateAttributeStep === "CONFIRM_ATTRIBUTE_WITH_CODE") {
        say(`We texted a code to ${step.codeDeliveryDetails?.destination ?? value}.`);
        verifyForm.hidden = false;
        resendPhone.hidden = false;
        phoneCode.input.focus();
      } else say("Phone number saved.");
      await load();
    });
  });
  verifyForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!checkCode(phoneCode.input, context.showError)) return;
    void context.run(verifyForm, async () => {
      await auth.confirmUserAttribute({ userAttributeKey: "phone_number", confirmationCode: phoneCode.input.value });
      verifyForm.hidden = true;
      resendPhone.hidden = true;
      phoneCode.input.value = "";
      say("Phone number verified. You can turn on text message codes.");
      await load();
      smsOn.focus();
    });
  });
  resendPhone.addEventListener("click", () => {
    void context.run(null, async () => {
      const { codeDeliveryDetails } = await auth.sendUserAttributeVerificationCode({ userAttributeKey: "phone_number" });
      say(`We texted a new code to ${codeDeliveryDetails.destination}.`);
      verifyForm.hidden = false;
      phoneCode.input.focus();
    });
  });

  const setSms = (value: "ENABLED" | "PREFERRED" | "DISABLED", message: string) => () =>
    void context.run(null, async () => {
      mfa = await auth.updateMFAPreference({ sms: value });
      paint();
      say(message);
    });
  smsOn.addEventListener("click", setSms("ENABLED", "Text message codes are on: the next sign-in asks for one."));
  smsPreferred.addEventListener("click", setSms("PREFERRED", "Text messages are now your preferred method."));
  smsOff.addEventListener("click", setSms("DISABLED", "Text message codes are off."));

  totpStart.addEventListener("click", () => {
    void context.run(null, async () => {
      const setup = await auth.setUpTOTP();
      totpSecret.textContent = setup.sharedSecret.replace(/(.{4})/g, "$1 ").trim();
      totpUri.value = setup.setupUri;
      totpImage.show(setup.setupUri);
      totpForm.hidden = false;
      totpCode.input.focus();
    });
  });
  totpForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!checkCode(totpCode.input, context.showError)) return;
    void context.run(totpForm, async () => {
      await auth.verifyTOTPSetup({ code: totpCode.input.value, friendlyDeviceName: "Authenticator" });
      mfa = await auth.updateMFAPreference({ totp: "ENABLED" });
      totpForm.hidden = true;
      totpCode.input.value = "";
      paint();
      say("Your authenticator app is set up.");
    });
  });

  passwordForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!oldPassword.input.value) {
      context.showError("Enter your current password.");
      return oldPassword.input.focus();
    }
    if (!passwords.check(context.showError)) return;
    void context.run(passwordForm, async () => {
      await auth.updatePassword({ oldPassword: oldPassword.input.value, newPassword: passwords.password.input.value });
      oldPassword.input.value = passwords.password.input.value = passwords.confirm.input.value = "";
      say("Your password is changed.");
    }, passwordChangeMessageFor);
  });

  const section = (id: string, title: string, ...children: Node[]) => h("section", { class: "section", "aria-labelledby": id }, h("h2", { id }, title), ...children);
  const back = linkButton("Back");
  back.addEventListener("click", () => context.navigate());
  const signOut = linkButton("Sign out");
  signOut.addEventListener("click", () => void context.run(null, () => auth.signOut()));
  const title = heading("Your account", context.state.user?.email ?? context.state.user?.username ?? "");
  const element = h(
    "div",
    { class: "view account" },
    title,
    status,
    context.errorRegion,
    profile,
    section("phone-title", "Phone number", phoneForm, verifyForm, h("div", { class: "actions" }, resendPhone)),
    section("mfa-title", "Two-step verification", mfaText, h("div", { class: "button-row" }, smsOn, smsPreferred, smsOff, totpStart), totpForm),
    section("password-title", "Change password", passwordForm),
    h("div", { class: "actions" }, back, signOut),
  );
  void context.run(null, load);
  return { element, focusTarget: title.querySelector("h1")! };
}
