// One panel of the account page: a titled region with its own live message area.
import { alertRegion, h } from "../../dom.js";

export interface Section {
  element: HTMLElement;
  /** Where the panel's content goes (replaced on each load). */
  body: HTMLElement;
  alert: HTMLElement;
}

export function section(id: string, title: string, lead?: string): Section {
  const body = h("div", { class: "section-body" });
  const alert = alertRegion(`${id}-alert`);
  const element = h(
    "section",
    { class: "panel", id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title`, tabindex: -1 }, title),
    lead ? h("p", { class: "hint" }, lead) : null,
    body,
    alert,
  );
  return { element, body, alert };
}

/** What the account page's panels share: the flow's error handling and a way to reload them all. */
export interface AccountContext {
  fail(error: unknown, region: HTMLElement): void;
  /** Reloads every panel (after a phone is verified, MFA can change, and so on). */
  reload(): Promise<void>;
}
