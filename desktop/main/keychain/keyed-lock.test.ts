import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { KeyedLock } from "./keyed-lock.js";

test("operations on one key run one after another, even when one fails", async () => {
  const lock = new KeyedLock();
  const log: string[] = [];
  const step = (name: string, ms: number, fail = false) => async () => {
    log.push(`${name}:start`);
    await sleep(ms);
    log.push(`${name}:end`);
    if (fail) throw new Error(name);
  };
  await Promise.allSettled([lock.run("k", step("a", 20, true)), lock.run("k", step("b", 1)), lock.run("k", step("c", 1))]);
  assert.deepEqual(log, ["a:start", "a:end", "b:start", "b:end", "c:start", "c:end"]);
});

test("different keys do not wait for each other", async () => {
  const lock = new KeyedLock();
  const log: string[] = [];
  await Promise.all([
    lock.run("slow", async () => {
      await sleep(30);
      log.push("slow");
    }),
    lock.run("fast", async () => {
      log.push("fast");
    }),
  ]);
  assert.deepEqual(log, ["fast", "slow"]);
});
