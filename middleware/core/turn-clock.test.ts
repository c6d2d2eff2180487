import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock, systemClock } from "../../shared/runtime/clock.js";
import { perRequestClock, turnClock } from "./turn-clock.js";

const busyFor = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

test("one reading per event-loop turn: later readings in the turn get it, the next turn reads again", async () => {
  const first = turnClock.now();
  busyFor(15);
  assert.equal(turnClock.now(), first, "the same turn");
  await new Promise((resolve) => setImmediate(resolve));
  const next = turnClock.now();
  assert.ok(next >= first + 15, `the next turn reads the clock again (${next - first} ms later)`);
});

test("a turn that begins after the last one's immediates reads afresh: never ahead of the system clock, never older than the turn", async () => {
  // A reading taken while immediates run lasts until the next turn's: start two timer turns on.
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  for (let turn = 0; turn < 20; turn++) {
    const before = Date.now();
    const reading = turnClock.now();
    assert.ok(reading <= Date.now());
    assert.ok(reading >= before, "read in this turn, not kept from the last");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
});

test("only the system clock is replaced: a test's clock is used as it is", () => {
  const manual = new ManualClock();
  assert.equal(perRequestClock(manual), manual);
  assert.equal(perRequestClock(systemClock), turnClock);
});
