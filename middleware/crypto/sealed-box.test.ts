import assert from "node:assert/strict";
import { test } from "node:test";
import { open, openWithAny, randomSealKey, seal, sealKeysFrom } from "./sealed-box.js";

test("a sealed value opens with its key and purpose, and reveals nothing readable", () => {
  const key = randomSealKey();
  const sealed = seal(key, "Demo-Passw0rd!", "resend:abc");
  assert.ok(!sealed.includes("Demo"), "no plaintext in the sealed form");
  assert.ok(!Buffer.from(sealed.slice(3), "base64url").toString("latin1").includes("Demo"));
  assert.equal(open(key, sealed, "resend:abc"), "Demo-Passw0rd!");
});

test("another key, another purpose, or any changed byte does not open it", () => {
  const key = randomSealKey();
  const sealed = seal(key, "secret", "device");
  assert.equal(open(randomSealKey(), sealed, "device"), undefined);
  assert.equal(open(key, sealed, "resend"), undefined);
  const raw = Buffer.from(sealed.slice(3), "base64url");
  for (const index of [0, 12, raw.length - 1]) {
    const tampered = Buffer.from(raw);
    tampered[index] = tampered[index]! ^ 1;
    assert.equal(open(key, `v1.${tampered.toString("base64url")}`, "device"), undefined, `byte ${index}`);
  }
  assert.equal(open(key, "v1.", "device"), undefined);
  assert.equal(open(key, "garbage", "device"), undefined);
  assert.equal(open(key, sealed.slice(0, 20), "device"), undefined);
});

test("secrets rotate: the first seals, any opens; keys differ per purpose", () => {
  const [oldKey] = sealKeysFrom(["old-secret-value-0123456789abcdef"], "device");
  const sealedBefore = seal(oldKey!, "device-data", "device");
  const rotated = sealKeysFrom(["new-secret-value-0123456789abcdef", "old-secret-value-0123456789abcdef"], "device");
  assert.equal(openWithAny(rotated, sealedBefore, "device"), "device-data");
  assert.equal(openWithAny(sealKeysFrom(["new-secret-value-0123456789abcdef"], "device"), sealedBefore, "device"), undefined);
  assert.notDeepEqual(sealKeysFrom(["s"], "device")[0], sealKeysFrom(["s"], "resend")[0]);
});
