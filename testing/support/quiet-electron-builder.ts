import { log } from "builder-util";

/**
 * electron-builder logs to stdout, which is the channel node's test runner reads its child's
 * results from: a log line in the middle of a result frame made the runner fail the whole file
 * ("Unable to deserialize cloned data"). Its log goes to stderr in our tests instead.
 */
(log as unknown as { stream: NodeJS.WritableStream }).stream = process.stderr;
