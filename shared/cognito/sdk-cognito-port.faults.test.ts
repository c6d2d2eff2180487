import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, test } from "node:test";
import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { createSdkCognitoPort } from "./sdk-cognito-port.js";
import { createSignInFlow } from "../flow/sign-in-flow.js";
import { AuthError } from "../errors/auth-error.js";
import { fakeAuthenticationResult } from "../../testing/support/fake-jwt.js";

// Cognito behaviours no emulator produces. Each test says which real behaviour it stands for.

function mockedFlow(timeoutMs = 5000) {
  const client = new CognitoIdentityProviderClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const mock = mockClient(client);
  const flow = createSignInFlow({ cognito: createSdkCognitoPort({ region: "us-east-1", clientId: "client", clientSecret: "secret", client, timeoutMs }) });
  return { mock, flow };
}

function serviceException(name: string, message: string, status = 400) {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}

const SMS_CHALLENGE = {
  ChallengeName: "SMS_MFA" as const,
  Session: "session-1",
  ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******0100", USER_ID_FOR_SRP: "user@example.com" },
};

async function openSmsChallenge(flow: ReturnType<typeof mockedFlow>["flow"]) {
  const outcome = await flow.signIn({ username: "user@example.com", password: "Passw0rd!" });
  assert.equal(outcome.status, "challenge");
  return outcome.status === "challenge" ? outcome.challenge : assert.fail();
}

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => error instanceof AuthError && error.code === code);
}

describe("faults on answering a challenge (aws-sdk-client-mock)", () => {
  const cases: Array<[string, Error, string]> = [
    ["Cognito's 3-minute session expiry", serviceException("NotAuthorizedException", "Invalid session for the user, session is expired."), "CHALLENGE_EXPIRED"],
    ["a session answered twice", serviceException("NotAuthorizedException", "Invalid session for the user, session can only be used once."), "CHALLENGE_EXPIRED"],
    ["a wrong SMS code", serviceException("CodeMismatchException", "Invalid code or auth state for the user."), "CODE_MISMATCH"],
    ["an SMS code past its validity", serviceException("ExpiredCodeException", "Invalid code provided, please request a code again."), "CHALLENGE_EXPIRED"],
    ["Cognito throttling the account", serviceException("TooManyRequestsException", "Rate exceeded"), "UPSTREAM_UNAVAILABLE"],
    ["a Cognito 5xx", serviceException("InternalErrorException", "Internal error", 500), "UPSTREAM_UNAVAILABLE"],
  ];
  for (const [behaviour, fault, code] of cases) {
    test(`${behaviour} → ${code}`, async () => {
      const { mock, flow } = mockedFlow();
      mock.on(InitiateAuthCommand).resolves(SMS_CHALLENGE);
      mock.on(RespondToAuthChallengeCommand).rejects(fault);
      const challenge = await openSmsChallenge(flow);
      await rejectsWith(flow.confirm(challenge, { challengeResponse: "123456" }), code);
    });
  }

  test("the SMS code is answered with RespondToAuthChallenge SMS_MFA_CODE, the Session and a SECRET_HASH for USER_ID_FOR_SRP", async () => {
    const { mock, flow } = mockedFlow();
    mock.on(InitiateAuthCommand).resolves({ ...SMS_CHALLENGE, ChallengeParameters: { ...SMS_CHALLENGE.ChallengeParameters, USER_ID_FOR_SRP: "uuid-username" } });
    mock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: fakeAuthenticationResult() });
    const challenge = await openSmsChallenge(flow);
    await flow.confirm(challenge, { challengeResponse: "123456" });
    const input = mock.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input;
    assert.equal(input.ChallengeName, "SMS_MFA");
    assert.equal(input.Session, "session-1");
    assert.equal(input.ChallengeResponses?.SMS_MFA_CODE, "123456");
    assert.equal(input.ChallengeResponses?.USERNAME, "uuid-username");
    assert.ok(input.ChallengeResponses?.SECRET_HASH);
    assert.equal(mock.commandCalls(VerifySoftwareTokenCommand).length, 0);
  });
});

describe("faults on sign-in (aws-sdk-client-mock)", () => {
  const cases: Array<[string, Error, string]> = [
    ["an account that must reset its password", serviceException("PasswordResetRequiredException", "Password reset required for the user"), "PASSWORD_RESET_REQUIRED"],
    ["an unconfirmed account", serviceException("UserNotConfirmedException", "User is not confirmed."), "USER_NOT_CONFIRMED"],
    ["Cognito's lockout after repeated wrong passwords", serviceException("NotAuthorizedException", "Password attempts exceeded"), "NOT_AUTHORIZED"],
    ["a missing user pool (configuration)", serviceException("ResourceNotFoundException", "User pool client abc does not exist."), "INTERNAL"],
  ];
  for (const [behaviour, fault, code] of cases) {
    test(`${behaviour} → ${code}`, async () => {
      const { mock, flow } = mockedFlow();
      mock.on(InitiateAuthCommand).rejects(fault);
      await rejectsWith(flow.signIn({ username: "user@example.com", password: "Passw0rd!" }), code);
    });
  }

  test("a call that never answers ends with UPSTREAM_UNAVAILABLE when the timeout fires", async () => {
    const { mock, flow } = mockedFlow(200);
    mock.on(InitiateAuthCommand).callsFake(() => new Promise(() => {}));
    const started = Date.now();
    await rejectsWith(flow.signIn({ username: "user@example.com", password: "Passw0rd!" }), "UPSTREAM_UNAVAILABLE");
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 190 && elapsed < 2000, `took ${elapsed} ms`);
  });

  test("a malformed answer (neither tokens nor a challenge) creates no session", async () => {
    const { mock, flow } = mockedFlow();
    mock.on(InitiateAuthCommand).resolves({ ChallengeParameters: {} });
    await rejectsWith(flow.signIn({ username: "user@example.com", password: "Passw0rd!" }), "INTERNAL");
  });

  test("an unsupported challenge (CUSTOM_CHALLENGE) is INTERNAL, not a half-open step", async () => {
    const { mock, flow } = mockedFlow();
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: "CUSTOM_CHALLENGE", Session: "s", ChallengeParameters: {} });
    await rejectsWith(flow.signIn({ username: "user@example.com", password: "Passw0rd!" }), "INTERNAL");
  });
});

describe("steps the emulator cannot produce (aws-sdk-client-mock)", () => {
  test("EMAIL_OTP (Cognito's e-mail MFA): the e-mail code step, answered with EMAIL_OTP_CODE", async () => {
    const { mock, flow } = mockedFlow();
    mock.on(InitiateAuthCommand).resolves({
      ChallengeName: "EMAIL_OTP",
      Session: "s1",
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: "u***@e***", USER_ID_FOR_SRP: "user@example.com" },
    });
    mock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: fakeAuthenticationResult() });
    const challenge = await openSmsChallenge(flow);
    assert.equal(challenge.nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    assert.deepEqual(challenge.nextStep.codeDeliveryDetails, { deliveryMedium: "EMAIL", destination: "u***@e***" });
    const done = await flow.confirm(challenge, { challengeResponse: "654321" });
    assert.equal(done.status, "signed-in");
    assert.equal(mock.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input.ChallengeResponses?.EMAIL_OTP_CODE, "654321");
  });

  test("MFA_SETUP (a pool with MFA required and a user without one): TOTP set-up via AssociateSoftwareToken and VerifySoftwareToken with the session", async () => {
    const { mock, flow } = mockedFlow();
    mock.on(InitiateAuthCommand).resolves({ ChallengeName: "MFA_SETUP", Session: "s1", ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: "user@example.com" } });
    mock.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: "SECRETBASE32", Session: "s2" });
    mock.on(VerifySoftwareTokenCommand).resolves({ Status: "SUCCESS", Session: "s3" });
    mock.on(RespondToAuthChallengeCommand).resolves({ AuthenticationResult: fakeAuthenticationResult() });
    const challenge = await openSmsChallenge(flow);
    assert.equal(challenge.nextStep.signInStep, "CONTINUE_SIGN_IN_WITH_TOTP_SETUP");
    assert.equal(challenge.nextStep.totpSetupDetails?.sharedSecret, "SECRETBASE32");
    assert.match(challenge.nextStep.totpSetupDetails?.setupUri ?? "", /^otpauth:\/\/totp\/.+\?secret=SECRETBASE32&issuer=/);
    const done = await flow.confirm(challenge, { challengeResponse: "123456" });
    assert.equal(done.status, "signed-in");
    assert.equal(mock.commandCalls(VerifySoftwareTokenCommand)[0]!.args[0].input.Session, "s2");
    const respond = mock.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input;
    assert.equal(respond.ChallengeName, "MFA_SETUP");
    assert.equal(respond.Session, "s3");
  });
});

describe("transport faults over a real loopback socket", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())));

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const flowAt = (endpoint: string, timeoutMs = 5000, maxAttempts = 3) =>
    createSignInFlow({ cognito: createSdkCognitoPort({ region: "us-east-1", clientId: "client", endpoint, timeoutMs, maxAttempts }) });

  test("Cognito throttling (TooManyRequestsException): bounded retries, then UPSTREAM_UNAVAILABLE", async () => {
    let requests = 0;
    const endpoint = await listen((_request, response) => {
      requests += 1;
      response.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "TooManyRequestsException" });
      response.end(JSON.stringify({ __type: "TooManyRequestsException", message: "Rate exceeded" }));
    });
    await rejectsWith(flowAt(endpoint).signIn({ username: "u", password: "p" }), "UPSTREAM_UNAVAILABLE");
    assert.equal(requests, 3, "the SDK's standard retry makes maxAttempts tries, no more");
  });

  test("Cognito 500 (InternalErrorException): bounded retries, then UPSTREAM_UNAVAILABLE", async () => {
    let requests = 0;
    const endpoint = await listen((_request, response) => {
      requests += 1;
      response.writeHead(500, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "InternalErrorException" });
      response.end(JSON.stringify({ __type: "InternalErrorException", message: "Internal" }));
    });
    await rejectsWith(flowAt(endpoint, 5000, 2).signIn({ username: "u", password: "p" }), "UPSTREAM_UNAVAILABLE");
    assert.equal(requests, 2);
  });

  test("a Cognito that accepts the connection and never answers: UPSTREAM_UNAVAILABLE within the timeout", async () => {
    const endpoint = await listen(() => {});
    const started = Date.now();
    await rejectsWith(flowAt(endpoint, 300).signIn({ username: "u", password: "p" }), "UPSTREAM_UNAVAILABLE");
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  });

  test("a refused connection: UPSTREAM_UNAVAILABLE", async () => {
    const endpoint = await listen(() => {});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await rejectsWith(flowAt(endpoint, 2000).signIn({ username: "u", password: "p" }), "UPSTREAM_UNAVAILABLE");
  });
});
