import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { createSdkCognitoPort } from "../cognito/sdk-cognito-port.js";
import { createFlow } from "./flow.js";

// Cognito behaviours the local Cognito does not produce (aws-sdk-client-mock), each named.

describe("a device Cognito no longer knows (aws-sdk-client-mock)", () => {
  test("InitiateAuth with a forgotten DEVICE_KEY is ResourceNotFoundException: the flow signs in again without it, taking the hook once", async () => {
    const client = new CognitoIdentityProviderClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    const mock = mockClient(client);
    const notFound = Object.assign(new Error("Device does not exist."), { name: "ResourceNotFoundException", $fault: "client", $metadata: { httpStatusCode: 400 } });
    mock.on(InitiateAuthCommand).callsFake((input: { AuthParameters?: Record<string, string> }) => {
      if (input.AuthParameters?.DEVICE_KEY) throw notFound;
      return {
        ChallengeName: "SMS_MFA",
        Session: "s1",
        ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******0100", USER_ID_FOR_SRP: "user@example.com" },
      };
    });
    const flow = createFlow({ cognito: createSdkCognitoPort({ region: "us-east-1", clientId: "client", client }), authFlow: "USER_PASSWORD_AUTH" });
    let hookCalls = 0;
    const outcome = await flow.signIn({
      username: "user@example.com",
      password: "Passw0rd!",
      device: { deviceKey: "us-east-1_gone", deviceGroupKey: "-group", devicePassword: "secret" },
      beforeCodeMaySend: async () => void hookCalls++,
    });
    assert.equal(outcome.status, "challenge");
    assert.equal(outcome.status === "challenge" && outcome.challenge.deviceKey, undefined, "the forgotten key is not carried on");
    assert.equal(mock.commandCalls(InitiateAuthCommand).length, 2);
    assert.equal(hookCalls, 1);
  });
});
