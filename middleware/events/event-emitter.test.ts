import assert from "node:assert/strict";
import { test } from "node:test";
import { systemClock } from "../../shared/runtime/clock.js";
import { createMemoryLogger } from "../../shared/runtime/logger.js";
import type { AuthEvent } from "./auth-event.js";
import { createAuthEvents, type EventFacts } from "./event-emitter.js";

const origin = { requestId: "r1", ip: "192.0.2.1", userAgent: "x".repeat(1000), path: "/sign-in" };

test("a record holds the listed fields only: anything else a caller passes is left out", async () => {
  const seen: AuthEvent[] = [];
  const events = createAuthEvents({ onSignIn: (event) => void seen.push(event) }, { clock: systemClock, logger: createMemoryLogger() });
  const facts = { username: "alice", sub: "s-1", password: "Hunter2-secret", accessToken: "eyJ.secret", session: "AYAB-session" } as EventFacts;
  events.emit("sign-in", origin, facts);
  await events.settled();
  assert.equal(seen.length, 1);
  assert.deepEqual(Object.keys(seen[0]!).sort(), ["at", "ip", "path", "requestId", "sub", "type", "userAgent", "username"]);
  assert.equal(seen[0]!.userAgent!.length, 256);
  assert.ok(!JSON.stringify(seen).includes("secret"));
});

test("the answer path never waits: emit returns before any hook runs", () => {
  let ran = false;
  const events = createAuthEvents({ onEvent: () => void (ran = true) }, { clock: systemClock, logger: createMemoryLogger() });
  events.emit("sign-out", origin);
  assert.equal(ran, false);
});

test("hooks that hang are bounded in time and in number: past 1000 in flight records are dropped, with one line", async () => {
  const logger = createMemoryLogger();
  const events = createAuthEvents({ onRateLimited: () => new Promise<void>(() => {}), timeoutMs: 200 }, { clock: systemClock, logger });
  for (let index = 0; index < 1005; index += 1) events.emit("rate-limited", origin, { code: "RATE_LIMITED" });
  assert.equal(logger.lines.filter((line) => line.event === "events.dropped").length, 1);
  const started = Date.now();
  await events.settled();
  assert.ok(Date.now() - started < 1500, "settled waits at most the bound");
  assert.equal(logger.lines.filter((line) => line.event === "events.hook-timeout").length, 1000);
});

test("a hook that throws (or rejects) is logged and the next hook still runs", async () => {
  const logger = createMemoryLogger();
  const seen: string[] = [];
  const events = createAuthEvents(
    { onSignInFailed: () => { throw new TypeError("sink down"); }, onChallenge: async () => Promise.reject(new Error("nope")), onEvent: (event) => void seen.push(event.type) },
    { clock: systemClock, logger },
  );
  events.emit("sign-in-failed", origin, { code: "NOT_AUTHORIZED" });
  events.emit("challenge", origin, { step: "CONFIRM_SIGN_IN_WITH_SMS_CODE" });
  await events.settled();
  assert.deepEqual(seen.sort(), ["challenge", "sign-in-failed"]);
  assert.deepEqual(logger.lines.filter((line) => line.event === "events.hook-failed").map((line) => line.fields.error).sort(), ["Error", "TypeError"]);
});

test("without hooks nothing is scheduled", () => {
  const events = createAuthEvents(undefined, { clock: systemClock, logger: createMemoryLogger() });
  assert.equal(events.enabled, false);
});
