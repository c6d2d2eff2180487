import type { Me } from "../api.js";
import { alertRegion, busy, h, say } from "../dom.js";
import type { Flow, Notice, View } from "../flow.js";
import { heading } from "./parts.js";

/** Signed in: what the protected route GET /api/me answered, and sign-out. */
export function signedInView(flow: Flow, me: Me, notice?: Notice): View {
  const alert = alertRegion("account-alert");
  if (notice) say(alert, notice.tone, notice.text);
  const name = me.user.email ?? me.user.username;
  const again = h("button", { type: "button", class: "secondary", id: "call-api" }, "Call /api/me again");
  const signOut = h("button", { type: "button", class: "primary", id: "sign-out" }, "Sign out");
  again.addEventListener("click", () => void busy(again, () => flow.refreshMe()).catch((error: unknown) => flow.fail(error, alert)));
  signOut.addEventListener("click", () => void busy(signOut, () => flow.signOut()).catch((error: unknown) => flow.fail(error, alert)));
  const served = new Date(me.servedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
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
    ],
  };
}
