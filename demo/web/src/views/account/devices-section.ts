import { api, ApiError, type Device } from "../../api.js";
import { busy, clear, h, say } from "../../dom.js";
import { deviceLabel } from "./device-label.js";
import { section, type AccountContext } from "./section.js";

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });

/** GET /auth/devices, with a "Forget" button per device (POST /auth/forget-device). */
export function devicesSection(context: AccountContext): { element: HTMLElement; load(): Promise<void> } {
  const panel = section("devices", "Devices", "Remembered devices sign in with the password alone.");

  const item = (device: Device) => {
    const label = deviceLabel(device.name);
    const forget = h("button", { type: "button", class: "secondary small", "aria-label": `Forget ${label}${device.current ? " (this device)" : ""}` }, "Forget");
    forget.addEventListener("click", () => {
      clear(panel.alert);
      void busy(forget, async () => {
        await api.forgetDevice(device.id);
        await load();
        say(panel.alert, "success", device.current ? "This device is forgotten: the next sign-in asks for a code." : `${label} is forgotten.`);
        panel.element.querySelector<HTMLElement>("h2")?.focus();
      }).catch((error: unknown) => context.fail(error, panel.alert));
    });
    return h(
      "li",
      { class: "device" },
      h(
        "div",
        {},
        h("strong", { title: device.name }, label),
        device.current ? h("span", { class: "tag ok" }, "this device") : null,
        device.remembered ? h("span", { class: "tag" }, "remembered") : null,
        h("p", { class: "hint" }, `Last sign-in ${when(device.lastAuthenticatedAt)} · added ${when(device.createdAt)}`),
      ),
      forget,
    );
  };

  const load = async () => {
    try {
      const { devices } = await api.devices();
      panel.body.replaceChildren(devices.length ? h("ul", { class: "device-list", id: "device-list" }, ...devices.map(item)) : h("p", { class: "muted", id: "device-list" }, "No devices yet."));
    } catch (error) {
      if (error instanceof ApiError && error.code === "NOT_FOUND") return void panel.body.replaceChildren(h("p", { class: "muted" }, "This server doesn't track devices."));
      context.fail(error, panel.alert);
    }
  };
  return { element: panel.element, load };
}
