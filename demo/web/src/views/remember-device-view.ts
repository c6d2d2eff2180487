import { alertRegion, busy, h } from "../dom.js";
import type { Flow, View } from "../flow.js";
import { heading } from "./parts.js";

/** After the code, on a pool that tracks devices: skip the code on this browser next time? */
export function rememberDeviceView(flow: Flow): View {
  const alert = alertRegion("remember-alert");
  const remember = h("button", { type: "button", class: "primary", id: "remember-device" }, "Remember this device");
  const notNow = h("button", { type: "button", class: "secondary", id: "not-now" }, "Not now");
  remember.addEventListener("click", () => void busy(remember, () => flow.chooseRememberDevice(true)).catch((error: unknown) => flow.fail(error, alert)));
  notNow.addEventListener("click", () => void busy(notNow, () => flow.chooseRememberDevice(false)).catch((error: unknown) => flow.fail(error, alert)));
  const title = "Remember this device?";
  return {
    title,
    children: [
      h("p", { class: "badge" }, "✓ Signed in"),
      ...heading(title, "On a device you trust, your password alone signs you in next time: no code. You can forget it later on your account page."),
      alert,
      h("div", { class: "actions" }, notNow, remember),
    ],
    focus: remember,
  };
}
