import { h } from "../dom.js";
import { devicesPanel } from "./devices-panel.js";
import { heading, linkButton, primaryButton } from "./fields.js";
import type { View, ViewContext } from "./view.js";

/** Who is signed in, whether it is remembered, and sign-out. */
export function signedInView(context: ViewContext): View {
  const user = context.state.user;
  const name = user?.email ?? user?.username ?? "you";
  const remembered = context.state.remembered
    ? "You'll stay signed in on this device."
    : context.state.keychain === "persisted"
      ? "You'll be asked to sign in again next time."
      : "This device can't keep you signed in, so you'll sign in again next time.";
  const signOut = primaryButton("Sign out");
  signOut.classList.replace("primary", "secondary");
  const form = h("form", { class: "form", "aria-label": "Sign out" }, signOut);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void context.run(form, () => context.auth.signOut());
  });
  const heading_ = heading("You're signed in", remembered);
  const manage = linkButton("Manage account");
  manage.id = "manage-account";
  manage.addEventListener("click", () => context.navigate({ name: "account" }));
  const element = h(
    "div",
    { class: "view signed-in" },
    h("div", { class: "avatar", "aria-hidden": "true" }, name.slice(0, 1).toUpperCase()),
    heading_,
    h("dl", { class: "profile" }, h("dt", {}, "Account"), h("dd", { id: "signed-in-user" }, name), h("dt", {}, "Session"), h("dd", {}, context.state.remembered ? "Remembered on this device" : "This session only")),
    context.errorRegion,
    form,
    h("div", { class: "actions centered" }, manage),
    devicesPanel(context),
  );
  return { element, focusTarget: heading_.querySelector("h1")! };
}
