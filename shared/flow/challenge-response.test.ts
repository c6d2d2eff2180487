import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { answerMaySendACode, validateChallengeResponse } from "./challenge-response.js";
import { AuthError } from "../errors/auth-error.js";
import type { StepDetails } from "./steps.js";

// The answer shapes each step takes, checked before any Cognito call (so a malformed answer
// costs no attempt). The Cognito side of each step is tested in the flow's own test files.
const expiresAt = new Date(Date.now() + 60_000).toISOString();
const step = (signInStep: StepDetails["signInStep"], extra: Partial<StepDetails> = {}): StepDetails => ({ signInStep, expiresAt, ...extra });

function refused(s: StepDetails, answer: string) {
  assert.throws(() => validateChallengeResponse(s, answer), (error: unknown) => error instanceof AuthError && error.code === "INVALID_REQUEST", `${s.signInStep}: ${JSON.stringify(answer)}`);
}

describe("validateChallengeResponse", () => {
  test("MFA set-up selection: only the offered types", () => {
    const s = step("CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION", { allowedMFATypes: ["TOTP", "EMAIL"] });
    validateChallengeResponse(s, "TOTP");
    validateChallengeResponse(s, "EMAIL");
    for (const bad of ["SMS", "totp", "", "TOTP "]) refused(s, bad);
  });

  test("e-mail set-up: an address, bounded", () => {
    const s = step("CONTINUE_SIGN_IN_WITH_EMAIL_SETUP");
    validateChallengeResponse(s, "person@example.com");
    for (const bad of ["", "person", "person@example", "per son@example.com", "@example.com", `${"x".repeat(243)}@example.com`]) refused(s, bad);
  });

  test("first-factor selection: only the available challenges", () => {
    const s = step("CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", { availableChallenges: ["PASSWORD", "EMAIL_OTP"] });
    validateChallengeResponse(s, "PASSWORD");
    validateChallengeResponse(s, "EMAIL_OTP");
    for (const bad of ["SMS_OTP", "PASSWORD_SRP", "WEB_AUTHN", ""]) refused(s, bad);
  });

  test("password step: 1 to 256 characters", () => {
    const s = step("CONFIRM_SIGN_IN_WITH_PASSWORD");
    validateChallengeResponse(s, "a");
    validateChallengeResponse(s, "x".repeat(256));
    refused(s, "");
    refused(s, "x".repeat(257));
  });
});

describe("answerMaySendACode", () => {
  test("names the answers after which Cognito may send a code", () => {
    assert.equal(answerMaySendACode(step("CONTINUE_SIGN_IN_WITH_MFA_SELECTION"), "SMS"), true);
    assert.equal(answerMaySendACode(step("CONTINUE_SIGN_IN_WITH_MFA_SELECTION"), "EMAIL"), true);
    assert.equal(answerMaySendACode(step("CONTINUE_SIGN_IN_WITH_MFA_SELECTION"), "TOTP"), false);
    assert.equal(answerMaySendACode(step("CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION"), "SMS_OTP"), true);
    assert.equal(answerMaySendACode(step("CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION"), "PASSWORD"), false);
    assert.equal(answerMaySendACode(step("CONTINUE_SIGN_IN_WITH_EMAIL_SETUP"), "person@example.com"), true);
    assert.equal(answerMaySendACode(step("CONFIRM_SIGN_IN_WITH_PASSWORD"), "secret"), true);
    assert.equal(answerMaySendACode(step("CONFIRM_SIGN_IN_WITH_SMS_CODE"), "123456"), false);
    assert.equal(answerMaySendACode(step("CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION"), "EMAIL"), false);
  });
});
