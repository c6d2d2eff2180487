/**
 * Masks a delivery destination the way Cognito does ("+*******0100", "d***@e***"). Real
 * Cognito already masks; emulators and custom senders may not, and the full number must never
 * reach a browser.
 */
export function maskDestination(destination: string): string {
  if (destination.includes("*")) return destination;
  const at = destination.indexOf("@");
  if (at > 0) return `${destination[0]}***@${destination[at + 1] ?? ""}***`;
  const digits = destination.replace(/^\+/, "");
  const visible = digits.slice(-4);
  return `${destination.startsWith("+") ? "+" : ""}${"*".repeat(Math.max(digits.length - visible.length, 0))}${visible}`;
}
