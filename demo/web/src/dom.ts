// A tiny element builder: enough to write the views as plain functions, without a framework.
export type Child = Node | string | null | undefined | false;
export type Attributes = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** A message region screen readers announce when its text changes (it exists before it has text). */
export function alertRegion(id: string): HTMLDivElement {
  return h("div", { id, class: "alert", role: "alert", "aria-live": "assertive", "aria-atomic": "true" });
}

export type Tone = "error" | "info" | "success" | "warning";

export function say(region: HTMLElement, tone: Tone, text: string): void {
  region.className = `alert ${tone}`;
  region.textContent = text;
}

export function clear(region: HTMLElement): void {
  region.className = "alert";
  region.textContent = "";
}

/** Runs `task` with the button disabled and a spinner, so a double click sends one request. */
export async function busy<T>(button: HTMLButtonElement, task: () => Promise<T>): Promise<T> {
  const label = button.textContent ?? "";
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.replaceChildren(h("span", { class: "spinner", "aria-hidden": "true" }), label);
  try {
    return await task();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.replaceChildren(label);
  }
}
