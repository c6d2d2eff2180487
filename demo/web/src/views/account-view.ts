import type { Me } from "../api.js";
import { alertRegion, busy, h, say } from "../dom.js";
import type { Flow, Notice, View } from "../flow.js";
import { devicesSection } from "./account/devices-section.js";
import { mfaSection } from "./account/mfa-section.js";
import { passwordSection } from "./account/password-section.js";
import { phoneSection } from "./account/phone-section.js";
import { profileSection } from "./account/profile-section.js";
import type { AccountContext } from "./account/section.js";
import { totpSection } from "./account/totp-section.js";
import { heading } from "./parts.js";

/** Signed in: what GET /api/me answered, sign-out, and the account panels (issue 14, devices from 13). */
export function accountView(flow: Flow, me: Me, notice?: Notice): View {
  const alert = alertRegion("account-alert");
  if (notice) say(alert, notice.tone, notice.text);
  const name = me.user.email ?? me.user.username;
  const again = h("button", { type: "button", class: "secondary", id: "call-api" }, "Call /api/me again");
  const signOut = h("button", { type: "button", class: "primary", id: "sign-out" }, "Sign out");
  again.addEventListener("click", () => void busy(again, () => flow.refreshMe()).catch((error: unknown) => flow.fail(error, alert)));
  signOut.addEventListener("click", () => void busy(signOut, () => flow.signOut()).catch((error: unknown) => flow.fail(error, alert)));
  const served = new Date(me.servedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

  const context: AccountContext = {
    fail: (error, region) => flow.fail(error, region),
    async reload() {
      const [attributes, preference] = await Promise.all([profile.load(), mfa.load(), devices.load()]);
      phone.show(attributes);
      mfa.show(preference, attributes);
      totp.show(preference.enabled?.includes("TOTP") ?? false);
    },
  };
  const profile = profileSection(context);
  const phone = phoneSection(context);
  const mfa = mfaSection(context);
  const totp = totpSection(context);
  const devices = devicesSection(context);
  void context.reload();

  return {
    title: "Your account",
    children: [
      h("p", { class: "badge" }, "✓ Signed in"),
      ...heading("Welcome back"),
      h("div", { class: "profile" }, h("div", { class: "avatar", "aria-hidden": "true" }, name.charAt(0).toUpperCase()), h("div", { class: "profile-text" }, h("div", { class: "profile-name", id: "user-name" }, name), h("div", { class: "muted" }, "Checked by requireAuth() on the server"))),
      h(
        "dl",
        {},
        h("dt", {}, "Username"),
        h("dd", { id: "user-username" }, me.user.username),
        h("dt", {}, "User id (sub)"),
        h("dd", {}, h("code", {}, me.user.sub)),
        h("dt", {}, "GET /api/me"),
        h("dd", { id: "served-at" }, `200 OK at ${served}`),
      ),
      alert,
      h("div", { class: "actions" }, again, signOut),
      profile.element,
      phone.element,
      mfa.element,
      totp.element,
      devices.element,
      passwordSection(context),
    ],
  };
}
