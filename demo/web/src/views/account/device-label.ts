// Cognito names a device after what the server saw (often the browser's User-Agent): say it the
// way a person recognises it, "Chrome on Linux", and keep the full name as the tooltip.
const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrom(e|ium)\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/Android/, "Android"],
  [/iPhone|iPad/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

export function deviceLabel(name: string): string {
  if (!name.startsWith("Mozilla/")) return name || "Unnamed device";
  const browser = BROWSERS.find(([pattern]) => pattern.test(name))?.[1] ?? "A browser";
  const system = SYSTEMS.find(([pattern]) => pattern.test(name))?.[1];
  return system ? `${browser} on ${system}` : browser;
}
