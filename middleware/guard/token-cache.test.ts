import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { TokenCache } from "./token-cache.js";

const signature = "S".repeat(300) + "0123456789abcdefghijklmnopqrstuv";
const token = `header.payload.${signature}`;
type Entry<T> = { token: string; value: T };

test("a stored token is found by an equal string that is not the same object (a header's fresh copy)", () => {
  const cache = new TokenCache<Entry<string>>();
  cache.set({ token, value: "verified" });
  const fresh = `Bearer ${token}`.slice(7);
  assert.equal(cache.get(fresh)?.value, "verified");
});

test("a token that shares the stored one's last characters but differs before them is a miss, not the stored claims", () => {
  const cache = new TokenCache<Entry<string>>();
  cache.set({ token, value: "verified" });
  assert.equal(cache.get(`header.forged-payload.${signature}`)?.value, undefined);
  assert.equal(cache.get(`header.payloaX.${signature}`)?.value, undefined, "same length, same signature: the whole token is compared");
  assert.equal(cache.get(signature.slice(-32))?.value, undefined, "the key alone is not the token");
});

test("delete removes only that exact token, never another with the same key", () => {
  const cache = new TokenCache<Entry<string>>();
  cache.set({ token, value: "verified" });
  cache.delete(`other.payload.${signature}`);
  assert.equal(cache.get(token)?.value, "verified");
  cache.delete(token);
  assert.equal(cache.get(token)?.value, undefined);
});

test("bounded: past the limit it starts over instead of growing", () => {
  const cache = new TokenCache<Entry<number>>(3);
  for (let i = 0; i < 10; i++) cache.set({ token: `t.p.${"x".repeat(40)}${i}`, value: i });
  assert.ok(cache.size <= 3, `size ${cache.size}`);
  assert.equal(cache.get(`t.p.${"x".repeat(40)}9`)?.value, 9, "the newest entry is kept");
});

test("short strings are keyed whole", () => {
  const cache = new TokenCache<Entry<string>>();
  cache.set({ token: "short", value: "value" });
  assert.equal(cache.get("short")?.value, "value");
  assert.equal(cache.get("shorter")?.value, undefined);
});

test("keys spread: 10,000 tokens with random signatures are all found (a shared key would evict one)", () => {
  const cache = new TokenCache<Entry<number>>(20_000);
  const tokens = Array.from({ length: 10_000 }, () => `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.${randomBytes(256).toString("base64url")}`);
  tokens.forEach((value, index) => cache.set({ token: value, value: index }));
  const found = tokens.filter((value, index) => cache.get(value)?.value === index).length;
  // About 0.05 pairs share a 30-bit key among 10,000 (the birthday bound); allow a few.
  assert.ok(found >= 9_995, `${10_000 - found} lost`);
});
