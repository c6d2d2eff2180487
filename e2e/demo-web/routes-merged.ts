// The page is built to the contract ahead of the server routes (branches mw13 and mw14): a test
// whose route the middleware does not serve yet is skipped, with the branch that brings it.
import { endpointAt } from "../../middleware/core/endpoints.js";

/** Why a test cannot run yet, or undefined when every path is served ("/resend-code", …). */
export function unmerged(branch: string, ...paths: string[]): string | undefined {
  const missing = paths.filter((path) => !endpointAt(path));
  return missing.length ? `the middleware does not serve ${missing.map((path) => `/auth${path}`).join(", ")} yet (branch ${branch} not merged): test skipped` : undefined;
}

