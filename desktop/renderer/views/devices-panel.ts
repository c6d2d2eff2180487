import type { DeviceListItem } from "../../main/device-api.js";
import { errorInfoOf } from "../auth-window.js";
import { h } from "../dom.js";
import { messageFor } from "../messages.js";
import type { ViewContext } from "./view.js";

/**
 * The signed-in user's devices (window.auth.fetchDevices): this app's device first, with
 * "Remember this device" while it is not remembered, and "Forget" on every device. Plain
 * buttons in a list, so Tab and Enter reach everything.
 */
export function devicesPanel(context: Pick<ViewContext, "auth">): HTMLElement {
  const list = h("ul", { class: "devices", id: "devices", "aria-busy": "true" });
  const status = h("p", { class: "hint", id: "devices-status", role: "status" }, "Loading your devices…");
  const section = h("section", { class: "section devices-section", "aria-labelledby": "devices-title" }, h("h2", { id: "devices-title" }, "Your devices"), status, list);

  async function act(action: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await action();
      await load(done);
    } catch (reason) {
      status.textContent = messageFor(errorInfoOf(reason));
    }
  }

  function row(device: DeviceListItem): HTMLElement {
    const name = device.name ?? "Unnamed device";
    const when = device.lastAuthenticatedAt ?? device.createdAt;
    const facts = [device.current ? "This device" : undefined, device.remembered ? "Remembered: no code needed at sign-in" : "Not remembered", when ? `Last used ${new Date(when).toLocaleDateString()}` : undefined]
      .filter(Boolean)
      .join(" · ");
    const buttons = h("div", { class: "device-actions" });
    if (device.current && !device.remembered) {
      const remember = h("button", { type: "button", class: "button link", id: "remember-device" }, "Remember this device");
      remember.addEventListener("click", () => void act(() => context.auth.rememberDevice(), "This device is remembered: next time your password is enough."));
      buttons.append(remember);
    }
    const forget = h("button", { type: "button", class: "button link", "aria-label": `Forget ${device.current ? "this device" : name}` }, "Forget");
    forget.addEventListener("click", () => void act(() => context.auth.forgetDevice(device.current ? {} : { deviceId: device.id }), "The device is forgotten: its next sign-in asks for a code."));
    buttons.append(forget);
    return h("li", { class: `device${device.current ? " current" : ""}` }, h("span", { class: "device-name" }, name), h("span", { class: "hint" }, facts), buttons);
  }

  async function load(message?: string): Promise<void> {
    list.setAttribute("aria-busy", "true");
    try {
      const { devices } = await context.auth.fetchDevices();
      const sorted = [...devices].sort((a, b) => Number(b.current) - Number(a.current));
      list.replaceChildren(...sorted.map(row));
      status.textContent = message ?? (devices.length === 0 ? "No devices are registered for your account." : "");
    } catch (reason) {
      status.textContent = messageFor(errorInfoOf(reason));
    } finally {
      list.removeAttribute("aria-busy");
    }
  }

  void load();
  return section;
}
