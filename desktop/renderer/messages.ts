// The words for each error code are shared with the demo page (shared/ui/messages.ts).
export { attemptsText, messageFor, passwordChangeMessageFor } from "../../shared/ui/messages.js";

/** "2:05" for a number of seconds. */
export function clockText(seconds: number): string {
  const safe = Math.max(0, Math.floor(seconds));
  return `${Math.floor(safe / 60)}:${String(safe % 60).padStart(2, "0")}`;
}
