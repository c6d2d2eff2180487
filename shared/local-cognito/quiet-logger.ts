/**
 * cognito-local logs through pino; the embedded one stays quiet (our own lines carry what a
 * developer needs). A no-op object with pino's shape is enough for its handlers and pino-http.
 */
const noop = () => {};
export const quietLogger: any = {
  level: "silent",
  levels: { values: { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10 }, labels: {} },
  fatal: noop,
  error: noop,
  warn: noop,
  info: noop,
  debug: noop,
  trace: noop,
  silent: noop,
  isLevelEnabled: () => false,
  child: () => quietLogger,
  bindings: () => ({}),
  setBindings: noop,
  flush: noop,
};
