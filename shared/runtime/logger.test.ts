import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { pino } from "pino";
import { adaptLogger, createMemoryLogger } from "./logger.js";

function pinoLines() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "debug" }, new Writable({ write: (chunk, _encoding, done) => void (lines.push(JSON.parse(String(chunk))), done()) }));
  return { logger, lines };
}

test("a pino logger is taken as it is: the event is msg, every field kept, the level pino's", () => {
  const { logger, lines } = pinoLines();
  adaptLogger(logger).warn("challenge.wrong-code", { requestId: "r1", attemptsLeft: 4 });
  adaptLogger(logger.child({ service: "api" })).error("request.failed", { code: "INTERNAL" });
  assert.equal(lines[0]!.msg, "challenge.wrong-code");
  assert.equal(lines[0]!.event, "challenge.wrong-code");
  assert.equal(lines[0]!.attemptsLeft, 4);
  assert.equal(lines[0]!.level, 40);
  assert.equal(lines[1]!.service, "api");
  assert.equal(lines[1]!.level, 50);
});

test("the kit's own (event, fields) shape is called as before", () => {
  const memory = createMemoryLogger();
  adaptLogger(memory).info("sign-in.refused", { requestId: "r2" });
  assert.deepEqual(memory.lines, [{ level: "info", event: "sign-in.refused", fields: { requestId: "r2" } }]);
});

test('any other (obj, msg) logger with loggerSignature "(obj, msg)"', () => {
  const calls: unknown[][] = [];
  const custom = { debug: () => {}, info: (...args: unknown[]) => void calls.push(args), warn: () => {}, error: () => {} };
  adaptLogger(custom, "(obj, msg)").info("session.refreshed", { sub: "s" });
  assert.deepEqual(calls, [[{ event: "session.refreshed", sub: "s" }, "session.refreshed"]]);
});

test("a logger that throws never throws into the kit", () => {
  const broken = { debug() {}, info() { throw new Error("disk full"); }, warn() {}, error() {} };
  assert.doesNotThrow(() => adaptLogger(broken).info("x", {}));
});
