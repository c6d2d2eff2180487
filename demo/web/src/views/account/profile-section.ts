import { api } from "../../api.js";
import { h } from "../../dom.js";
import { section, type AccountContext } from "./section.js";

const LABELS: Record<string, string> = { email: "Email", phone_number: "Phone number", name: "Name", given_name: "First name", family_name: "Last name" };

/** GET /auth/user-attributes: what Cognito holds about the user, verified or not. */
export function profileSection(context: AccountContext): { element: HTMLElement; load(): Promise<Record<string, string>> } {
  const panel = section("profile", "Profile");
  return {
    element: panel.element,
    async load() {
      try {
        const { userAttributes } = await api.userAttributes();
        const shown = Object.keys(userAttributes).filter((name) => name !== "sub" && !name.endsWith("_verified"));
        panel.body.replaceChildren(
          h(
            "dl",
            { id: "attributes" },
            ...shown.flatMap((name) => {
              const verified = userAttributes[`${name}_verified`];
              return [
                h("dt", {}, LABELS[name] ?? name),
                h("dd", { id: `attr-${name}` }, userAttributes[name] ?? "", verified === undefined ? null : h("span", { class: verified === "true" ? "tag ok" : "tag" }, verified === "true" ? "verified" : "not verified")),
              ];
            }),
          ),
        );
        return userAttributes;
      } catch (error) {
        context.fail(error, panel.alert);
        return {};
      }
    },
  };
}
