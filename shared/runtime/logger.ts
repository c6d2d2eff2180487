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

/** A pino-style logger: `(obj, msg)` at each level (pino, bunyan, and their children). */
export interface ObjectMessageLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** What a host may pass as `logger`. */
export type HostLogger = Logger | ObjectMessageLogger;

/** How to call a host logger; "auto" recognises pino and bunyan. */
export type LoggerSignature = "auto" | "(event, fields)" | "(obj, msg)";

/**
 * The host's logger as the kit calls it. A pino-style logger gets `({ event, ...fields }, event)`,
 * so pino prints the event as `msg` and keeps every field; a logger that throws never breaks a
 * request.
 */
export function adaptLogger(host: HostLogger, signature: LoggerSignature = "auto"): Logger {
  const objectFirst = signature === "(obj, msg)" || (signature === "auto" && looksObjectFirst(host));
  const call = (level: Level) => {
    const method = (host as unknown as Record<Level, ((...args: unknown[]) => void) | undefined>)[level];
    if (typeof method !== "function") return () => {};
    return (event: string, fields: Record<string, unknown> = {}) => {
      try {
        if (objectFirst) method.call(host, { event, ...fields }, event);
        else method.call(host, event, fields);
      } catch {
        // A broken log sink must not turn a sign-in into a 500.
      }
    };
  };
  return { debug: call("debug"), info: call("info"), warn: call("warn"), error: call("error") };
}

/** pino marks its loggers with symbols and has `bindings()`; bunyan keeps `streams` and `fields`. */
function looksObjectFirst(host: HostLogger): boolean {
  const value = host as unknown as Record<string | symbol, unknown>;
  if (Symbol.for("pino.serializers") in value || typeof value.bindings === "function") return true;
  return Array.isArray(value.streams) && typeof value.fields === "object" && value.fields !== null;
}
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
