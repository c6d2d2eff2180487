import assert from "node:assert/strict";
import { test } from "node:test";
import { randomBase64url, randomBuffer, randomHex } from "./random-pool.js";

test("values have the asked length and never repeat, across many refills of the pool", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const id = randomBase64url(32);
    assert.match(id, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!seen.has(id), "a repeated value");
    seen.add(id);
  }
  assert.match(randomHex(8), /^[0-9a-f]{16}$/);
});

test("a buffer is a copy of its own: later values do not change it", () => {
  const key = randomBuffer(32);
  const copy = Buffer.from(key);
  for (let i = 0; i < 300; i++) randomBuffer(32);
  assert.deepEqual(key, copy);
  assert.equal(key.length, 32);
  assert.notDeepEqual(key, Buffer.alloc(32));
});

test("bytes look uniform: each bit is set about half the time over 1 MiB", () => {
  let ones = 0;
  const total = 1024 * 1024;
  for (let i = 0; i < total / 1024; i++) for (const byte of randomBuffer(1024)) ones += popcount(byte);
  const share = ones / (total * 8);
  assert.ok(Math.abs(share - 0.5) < 0.002, `share of set bits ${share}`);
});

test("asking for more than the pool holds is an error, not a short value", () => {
  assert.throws(() => randomBuffer(4097), RangeError);
});

function popcount(byte: number): number {
  let count = 0;
  for (let b = byte; b; b >>= 1) count += b & 1;
  return count;
}
