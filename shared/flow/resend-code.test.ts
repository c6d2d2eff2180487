import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createFlow, type Flow } from "./flow.js";
import type { SignInOutcome } from "./outcome.js";
import { AuthError } from "../errors/auth-error.js";
import { ManualClock } from "../runtime/clock.js";
import type { LocalCognito } from "../local-cognito/local-cognito.js";
import { CHOICE, DEMO, MAIL, TOTP, serverPort, startQuietLocalCognito } from "../../testing/support/cognito-fixture.js";

// resendCode signs in again from the same inputs: Cognito has no resend call for sign-in codes.
let local: LocalCognito;
let flow: Flow;
before(async () => {
  local = await startQuietLocalCognito();
  flow = createFlow({ cognito: serverPort(local) });
});
after(() => local.stop());

function challengeOf(outcome: SignInOutcome) {
  return outcome.status === "challenge" ? outcome.challenge : assert.fail(`expected a challenge, got ${outcome.status}`);
}

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => error instanceof AuthError && error.code === code);
}

describe("resendCode", () => {
  test("an SMS step: a new code is sent, on a new challenge, and it signs in", async () => {
    const first = challengeOf(await flow.signIn(DEMO));
    await local.codes.nextCode(DEMO.username);
    const sentBefore = local.codes.countFor(DEMO.username);
    const again = challengeOf(await flow.resendCode(first, DEMO));
    assert.equal(again.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    assert.notEqual(again.session, first.session);
    assert.equal(local.codes.countFor(DEMO.username), sentBefore + 1);
    assert.equal((await flow.confirm(again, { challengeResponse: await local.codes.nextCode(DEMO.username) })).status, "signed-in");
  });

  test("an e-mail step: a new e-mail code", async () => {
    const first = challengeOf(await flow.signIn(MAIL));
    await local.codes.nextCode(MAIL.username);
    const again = challengeOf(await flow.resendCode(first, MAIL));
    assert.equal(again.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    assert.equal((await flow.confirm(again, { challengeResponse: await local.codes.nextCode(MAIL.username) })).status, "signed-in");
  });

  test("after choosing SMS at the MFA selection, the new sign-in makes the same choice", async () => {
    const selection = challengeOf(await flow.signIn(CHOICE));
    const sms = challengeOf(await flow.confirm(selection, { challengeResponse: "SMS" }));
    await local.codes.nextCode(CHOICE.username);
    const again = challengeOf(await flow.resendCode(sms, CHOICE));
    assert.equal(again.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    assert.equal((await flow.confirm(again, { challengeResponse: await local.codes.nextCode(CHOICE.username) })).status, "signed-in");
  });

  test("takes the codes-sent hook again, with Cognito's name, before the new code", async () => {
    const first = challengeOf(await flow.signIn(DEMO));
    await local.codes.nextCode(DEMO.username);
    const seen: string[] = [];
    await flow.resendCode(first, { ...DEMO, beforeCodeMaySend: async ({ username }) => void seen.push(username) });
    assert.deepEqual(seen, [DEMO.username]);
    await local.codes.nextCode(DEMO.username);
  });

  test("no code step (TOTP), an expired step, or another username: refused before Cognito is asked", async () => {
    const totp = challengeOf(await flow.signIn(TOTP));
    const sentBefore = local.codes.sent.length;
    await rejectsWith(flow.resendCode(totp, TOTP), "CHALLENGE_EXPIRED");

    const clock = new ManualClock(Date.now());
    const timed = createFlow({ cognito: serverPort(local), clock, challengeTtlMs: 1000 });
    const sms = challengeOf(await timed.signIn(DEMO));
    await local.codes.nextCode(DEMO.username);
    clock.advance(1000);
    await rejectsWith(timed.resendCode(sms, DEMO), "CHALLENGE_EXPIRED");
    await rejectsWith(flow.resendCode(sms, { username: CHOICE.username, password: CHOICE.password }), "INVALID_REQUEST");
    assert.equal(local.codes.sent.length, sentBefore + 1, "only the sign-in itself sent a code");
  });
});
