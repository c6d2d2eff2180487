import { h } from "../dom.js";
import { heading, linkButton, primaryButton } from "./fields.js";
import type { View, ViewContext } from "./view.js";

export interface Choice {
  value: string;
  title: string;
  description: string;
}

/**
 * A radio group answered with the chosen value: the MFA set-up selection and the first-factor
 * selection. Arrow keys move between options, Enter continues.
 */
export function choiceView(context: ViewContext, copy: { title: string; subtitle: string; legend: string; choices: Choice[] }): View {
  const radios = copy.choices.map((choice, index) => {
    const id = `choice-${choice.value.toLowerCase().replace(/_/g, "-")}`;
    const input = h("input", { type: "radio", name: "choice", id, value: choice.value, checked: index === 0, "aria-describedby": `${id}-description` });
    const option = h(
      "label",
      { class: "option", for: id },
      input,
      h("span", { class: "option-text" }, h("span", { class: "option-title" }, choice.title), h("span", { class: "option-description", id: `${id}-description` }, choice.description)),
    );
    return { input, option };
  });
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": copy.legend },
    h("fieldset", { class: "options" }, h("legend", { class: "visually-hidden" }, copy.legend), ...radios.map((radio) => radio.option)),
    primaryButton("Continue"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = radios.find((radio) => radio.input.checked)?.input.value;
    if (!chosen) return context.showError("Choose one to continue.");
    void context.run(form, () => context.auth.confirmSignIn({ challengeResponse: chosen }));
  });
  const cancel = linkButton("Use a different account");
  cancel.addEventListener("click", () => void context.run(null, () => context.auth.signOut()));
  const element = h("div", { class: "view" }, heading(copy.title, copy.subtitle), context.errorRegion, form, h("div", { class: "actions" }, cancel));
  return { element, focusTarget: radios[0]?.input ?? form };
}
