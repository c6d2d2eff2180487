import assert from "node:assert/strict";
import { test } from "node:test";
import { HeldSecret } from "./held-secret.js";

test("a held password can be revealed until it is wiped, and wiping overwrites its bytes", () => {
  const secret = new HeldSecret("Demo-Passw0rd!");
  assert.equal(secret.reveal(), "Demo-Passw0rd!");
  const bytes = (secret as unknown as { buffer: Buffer }).buffer;
  secret.wipe();
  assert.ok(bytes.every((byte) => byte === 0));
  assert.equal(secret.wiped, true);
  assert.throws(() => secret.reveal());
  secret.wipe();
});
