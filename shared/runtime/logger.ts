/**
 * Structured events, never secrets: callers pass an event name and plain facts (a correlation
 * id, a step, a code), not passwords, codes, sessions or tokens.
 */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Level = "debug" | "info" | "warn" | "error";
const LEVELS: Level[] = ["debug", "info", "warn", "error"];

/** One JSON line per event on stderr, at `minimum` level and above. */
export function createConsoleLogger(minimum: Level = "info"): Logger {
  const threshold = LEVELS.indexOf(minimum);
  const write = (level: Level) => (event: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS.indexOf(level) < threshold) return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps its lines, for tests that check what was (and was not) logged. */
export function createMemoryLogger(): Logger & { lines: Array<{ level: Level; event: string; fields: Record<string, unknown> }> } {
  const lines: Array<{ level: Level; event: string; fields: Record<string, unknown> }> = [];
  const write = (level: Level) => (event: string, fields: Record<string, unknown> = {}) => {
    lines.push({ level, event, fields });
  };
  return { lines, debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
