import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { secretHash } from "./secret-hash.js";

test("SECRET_HASH matches a known vector", () => {
  // Computed independently: printf 'alice@example.com1example23456789' | openssl dgst -sha256 -hmac 'topsecret' -binary | base64
  assert.equal(secretHash("alice@example.com", "1example23456789", "topsecret"), "GkeyJCHoOEX5x8LMjCsM2DM0uljNW+3zPR0VFmEtWDo=");
});

test("SECRET_HASH is HMAC-SHA256 keyed by the secret over username + clientId", () => {
  const expected = createHmac("sha256", "s3cr3t").update("user" + "client").digest("base64");
  assert.equal(secretHash("user", "client", "s3cr3t"), expected);
  assert.notEqual(secretHash("user", "client", "s3cr3t"), secretHash("client", "user", "s3cr3t"));
});
