import { api } from "../../api.js";
import { busy, clear, h, say } from "../../dom.js";
import { codeField, invalid, SIX_DIGITS, textField } from "../parts.js";
import { section, type AccountContext } from "./section.js";

/** Add or change the phone (update-user-attributes), then prove it with the SMS code (confirm-user-attribute). */
export function phoneSection(context: AccountContext): { element: HTMLElement; show(attributes: Record<string, string>): void } {
  const panel = section("phone", "Phone", "A verified phone can receive sign-in codes by text message.");

  const verifyStage = (destination?: string) => {
    const { field, input } = codeField("Code from the text message", undefined, "phone-code");
    const verify = h("button", { type: "submit", class: "primary" }, "Verify phone");
    const resend = h("button", { type: "button", class: "link", id: "resend-phone-code" }, "Send a new code");
    const form = h("form", { novalidate: true, "aria-label": "Verify phone" }, h("p", { class: "hint" }, destination ? `We sent a code to ${destination}.` : "Send a code to your phone to verify it."), field, verify, h("div", { class: "row" }, resend));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!SIX_DIGITS.test(input.value)) return invalid(input, panel.alert, "Enter the 6-digit code.");
      clear(panel.alert);
      void busy(verify, async () => {
        await api.confirmUserAttribute("phone_number", input.value);
        await context.reload();
        say(panel.alert, "success", "Your phone number is verified.");
      }).catch((error: unknown) => {
        input.value = "";
        context.fail(error, panel.alert);
        input.focus();
      });
    });
    resend.addEventListener("click", () => {
      clear(panel.alert);
      void busy(resend, async () => {
        const sent = await api.sendUserAttributeVerificationCode("phone_number");
        say(panel.alert, "success", sent.codeDeliveryDetails?.destination ? `We sent a new code to ${sent.codeDeliveryDetails.destination}.` : "We sent a new code.");
        input.focus();
      }).catch((error: unknown) => context.fail(error, panel.alert));
    });
    return { form, input };
  };

  return {
    element: panel.element,
    show(attributes) {
      const phone = textField("phone-number", "Phone number", { type: "tel", autocomplete: "tel", inputmode: "tel", placeholder: "+15555550123", ...(attributes.phone_number ? { value: attributes.phone_number } : {}) }, "In international format, starting with + and the country code.");
      const save = h("button", { type: "submit", class: "secondary" }, attributes.phone_number ? "Change phone number" : "Add phone number");
      const form = h("form", { novalidate: true, "aria-label": "Phone number" }, phone.field, save);
      const parts: Node[] = [form];
      if (attributes.phone_number && attributes.phone_number_verified !== "true") parts.push(verifyStage().form);
      panel.body.replaceChildren(...parts);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const number = phone.input.value.replace(/[\s().-]/g, "");
        if (!/^\+\d{6,15}$/.test(number)) return invalid(phone.input, panel.alert, "Enter the number with + and the country code, e.g. +15555550123.");
        clear(panel.alert);
        void busy(save, async () => {
          const result = await api.updateUserAttributes({ phone_number: number });
          const step = result.phone_number?.nextStep;
          if (step?.updateAttributeStep === "CONFIRM_ATTRIBUTE_WITH_CODE") {
            const stage = verifyStage(step.codeDeliveryDetails?.destination);
            panel.body.replaceChildren(form, stage.form);
            stage.input.focus();
          } else {
            await context.reload();
            say(panel.alert, "success", "Your phone number is saved.");
          }
        }).catch((error: unknown) => {
          context.fail(error, panel.alert);
          phone.input.focus();
        });
      });
    },
  };
}
