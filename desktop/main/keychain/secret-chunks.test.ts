import assert from "node:assert/strict";
import { test } from "node:test";
import { WINDOWS_SECRET_LIMIT_BYTES, isPartAccount, joinSecret, partAccount, secretLimitFor, splitSecret } from "./secret-chunks.js";

test("only Windows has a per-secret limit, of 2,560 bytes", () => {
  assert.equal(secretLimitFor("win32"), 2560);
  assert.equal(secretLimitFor("linux"), undefined);
  assert.equal(secretLimitFor("darwin"), undefined);
});

test("a secret under the limit is stored whole", () => {
  assert.deepEqual(splitSecret("short", WINDOWS_SECRET_LIMIT_BYTES), { head: "short", parts: [] });
  assert.equal(joinSecret("short", []), "short");
});

test("a 4 KB secret is split into parts under the limit and joins back", () => {
  const secret = "x".repeat(4096);
  const { head, parts } = splitSecret(secret, WINDOWS_SECRET_LIMIT_BYTES);
  assert.equal(parts.length, 2);
  for (const part of [head, ...parts]) assert.ok(Buffer.byteLength(part) <= WINDOWS_SECRET_LIMIT_BYTES);
  assert.equal(joinSecret(head, parts), secret);
});

test("multi-byte characters are never cut in half", () => {
  const secret = "é€😀".repeat(500);
  const { head, parts } = splitSecret(secret, 101);
  for (const part of parts) assert.ok(Buffer.byteLength(part) <= 101);
  assert.equal(joinSecret(head, parts), secret);
});

test("a missing, extra or altered part is detected", () => {
  const { head, parts } = splitSecret("y".repeat(3000), 1000);
  assert.equal(joinSecret(head, parts.slice(1)), undefined);
  assert.equal(joinSecret(head, [...parts.slice(0, 2), null]), undefined);
  assert.equal(joinSecret(head, [...parts.slice(0, 2), "z".repeat(1000)]), undefined);
});

test("part accounts are recognisable", () => {
  assert.equal(isPartAccount(partAccount("a@example.com", 2)), true);
  assert.equal(isPartAccount("a@example.com"), false);
});
