import assert from "node:assert/strict";
import { test } from "node:test";
import { ERROR_CODES, type ErrorCode } from "../errors/error-codes.js";
import { messageFor, passwordChangeMessageFor } from "./messages.js";

test("every error code has words of its own, none of them the generic fallback but INTERNAL's", () => {
  const generic = messageFor({ code: "SOMETHING_NEW", message: "" });
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    const text = messageFor({ code, message: "server words" });
    assert.ok(text.length > 0, code);
    // Route-level codes a page never shows to a person may fall back; the rest must not.
    if (!["INTERNAL", "NOT_FOUND", "METHOD_NOT_ALLOWED", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "FORBIDDEN_ORIGIN"].includes(code)) {
      assert.notEqual(text, generic, `${code} falls back to the generic message`);
    }
  }
});

test("a wrong code says how many attempts are left, and what to do at none", () => {
  assert.match(messageFor({ code: "CODE_MISMATCH", message: "", attemptsLeft: 4 }), /4 attempts left/);
  assert.match(messageFor({ code: "CODE_MISMATCH", message: "", attemptsLeft: 1 }), /1 attempt left/);
  assert.match(messageFor({ code: "CODE_MISMATCH", message: "", attemptsLeft: 0 }), /no attempts left\. Sign in again/);
});

test("a limit says when to try again", () => {
  assert.match(messageFor({ code: "RATE_LIMITED", message: "", retryAfter: 30 }), /30 seconds/);
  assert.match(messageFor({ code: "RATE_LIMITED", message: "", retryAfter: 600 }), /10 minutes/);
});

test("a wrong current password on a password change says so, not 'email and password'", () => {
  assert.match(passwordChangeMessageFor({ code: "NOT_AUTHORIZED", message: "" }), /current password/);
  assert.equal(passwordChangeMessageFor({ code: "INVALID_PASSWORD", message: "" }), messageFor({ code: "INVALID_PASSWORD", message: "" }));
});
