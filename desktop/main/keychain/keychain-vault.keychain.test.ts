import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import { createMemoryLogger } from "../../../shared/runtime/logger.js";
import { createKeychainVault } from "./keychain-vault.js";
import { loadKeytar, type KeytarLike } from "./keytar-backend.js";
import { WINDOWS_SECRET_LIMIT_BYTES } from "./secret-chunks.js";
import type { StoredSession } from "./stored-session.js";

// Real keychain: gnome-keyring in a private D-Bus session (scripts/run-tests.mjs).
const keytar = loadKeytar();
const services: string[] = [];
const newService = () => {
  const name = `cognito-mfa-kit-vault-test-${randomUUID()}`;
  services.push(name);
  return name;
};

function entry(refreshToken: string): StoredSession {
  return { version: 1, refreshToken, region: "eu-west-1", userPoolId: "eu-west-1_Abc123", clientId: "client", cognitoUsername: "user-1", savedAt: new Date().toISOString() };
}
/** A realistic-looking token of `bytes` characters. */
const tokenOf = (bytes: number, seed = "a") => `eyJ${seed.repeat(bytes - 3)}`;

after(async () => {
  for (const service of services) {
    for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
  }
});

describe("keychain vault on the real keychain", () => {
  test("the keychain answers: persisted", async () => {
    assert.equal(await createKeychainVault({ service: newService() }).probe(), "persisted");
  });

  test("a 4 KB secret round-trips", async () => {
    const vault = createKeychainVault({ service: newService() });
    const stored = entry(tokenOf(4096));
    assert.equal(await vault.write("someone@example.com", stored), true);
    assert.deepEqual(await vault.read("someone@example.com"), { kind: "found", entry: stored });
  });

  test("with the Windows limit forced, a 4 KB secret is split into parts that each fit, and reads back whole", async () => {
    const service = newService();
    const vault = createKeychainVault({ service, secretLimitBytes: WINDOWS_SECRET_LIMIT_BYTES });
    const stored = entry(tokenOf(4096));
    assert.equal(await vault.write("someone@example.com", stored), true);
    const raw = await keytar.findCredentials(service);
    assert.ok(raw.length >= 3, `expected a head and parts, got ${raw.length} entries`);
    for (const { password } of raw) assert.ok(Buffer.byteLength(password) <= WINDOWS_SECRET_LIMIT_BYTES);
    assert.deepEqual(await vault.accounts(), ["someone@example.com"], "parts are not listed as accounts");
    assert.deepEqual(await vault.read("someone@example.com"), { kind: "found", entry: stored });

    // A shorter secret afterwards leaves no stale parts behind.
    await vault.write("someone@example.com", entry(tokenOf(100)));
    assert.equal((await keytar.findCredentials(service)).length, 1);

    await vault.write("someone@example.com", stored);
    await vault.remove("someone@example.com");
    assert.deepEqual(await keytar.findCredentials(service), [], "remove deletes every part");
  });

  test("a missing part makes the entry corrupt: it is deleted, head and parts", async () => {
    const service = newService();
    const logger = createMemoryLogger();
    const vault = createKeychainVault({ service, secretLimitBytes: 1000, logger });
    await vault.write("a@example.com", entry(tokenOf(3000)));
    await keytar.deletePassword(service, "a@example.com::part-2");
    assert.deepEqual(await vault.read("a@example.com"), { kind: "corrupt" });
    assert.deepEqual(await keytar.findCredentials(service), []);
    assert.deepEqual(await vault.read("a@example.com"), { kind: "missing" });
  });

  test("a tampered part fails the digest and counts as corrupt", async () => {
    const service = newService();
    const vault = createKeychainVault({ service, secretLimitBytes: 1000 });
    await vault.write("a@example.com", entry(tokenOf(3000)));
    await keytar.setPassword(service, "a@example.com::part-1", "x".repeat(1000));
    assert.deepEqual(await vault.read("a@example.com"), { kind: "corrupt" });
  });

  test("reads and writes of one key are serialised: a read never sees half a chunked write", async () => {
    const service = newService();
    const vault = createKeychainVault({ service, secretLimitBytes: 600 });
    await vault.write("a@example.com", entry(tokenOf(3000, "a")));
    for (let round = 0; round < 15; round += 1) {
      const next = entry(tokenOf(3000, round % 2 ? "a" : "b"));
      const [, read] = await Promise.all([vault.write("a@example.com", next), vault.read("a@example.com")]);
      assert.equal(read.kind, "found", `round ${round}`);
    }
  });

  test("a refused write: memory-only, said once, nothing half-written", async () => {
    const service = newService();
    const logger = createMemoryLogger();
    // The real keychain, except that it refuses to store (a locked keyring, a denied prompt).
    const refusing: KeytarLike = {
      ...keytar,
      getPassword: (s, a) => keytar.getPassword(s, a),
      deletePassword: (s, a) => keytar.deletePassword(s, a),
      findCredentials: (s) => keytar.findCredentials(s),
      setPassword: async () => {
        throw new Error("Cannot create an item in a locked collection");
      },
    };
    const vault = createKeychainVault({ service, keytar: refusing, logger });
    assert.equal(await vault.probe(), "persisted");
    assert.equal(await vault.write("a@example.com", entry(tokenOf(200))), false);
    assert.equal(vault.status(), "memory-only");
    assert.equal(await vault.write("a@example.com", entry(tokenOf(200))), false);
    assert.equal(logger.lines.filter((line) => line.level === "warn").length, 1);
    assert.deepEqual(await keytar.findCredentials(service), []);
  });
});
