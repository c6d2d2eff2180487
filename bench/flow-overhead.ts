import { CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../shared/cognito/secret-hash.js";
import type { LocalCognito } from "../shared/local-cognito/local-cognito.js";
import { startFlowServers } from "./flow-servers.js";
import { httpSignInWithCode } from "./http-flow.js";
import type { BenchSizes } from "./sizes.js";
import { startStandInCognito } from "./stand-in-cognito.js";
import { fmt, percentile, timedWithCpu } from "./stats.js";
import type { Row, Section } from "./table.js";

interface Target {
  label: string;
  region: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  endpoint: string;
  username: string;
  password: string;
  code: () => Promise<string>;
}

/**
 * 1. The sign-in + SMS code flow through the middleware over HTTP against the same two Cognito
 * calls made directly with the SDK, one flow at a time, the two paths interleaved so drift hits
 * both alike.
 */
export async function flowOverhead(sizes: BenchSizes, local: LocalCognito): Promise<Section> {
  const standIn = await startStandInCognito(sizes.standInLatencyMs);
  const rows: Row[] = [];
  try {
    rows.push(
      ...(await compare(
        { label: `stand-in (${sizes.standInLatencyMs} ms per call)`, ...standIn, username: "bench@example.com", password: "Bench-Passw0rd!", code: async () => "123456" },
        sizes.flowsStandIn,
        true,
      )),
    );
  } finally {
    await standIn.stop();
  }
  rows.push(
    ...(await compare(
      {
        label: "local Cognito",
        region: local.region,
        userPoolId: local.userPoolId,
        endpoint: local.endpoint,
        ...local.serverClient,
        username: "demo@example.com",
        password: "Demo-Passw0rd!",
        code: () => local.codes.nextCode("demo@example.com"),
      },
      sizes.flowsLocal,
      false,
    )),
  );
  return {
    title: "1. Flow overhead (sign-in + SMS code)",
    rows,
    notes: [
      `Sequential flows, middleware and direct SDK interleaved (${sizes.flowsStandIn} each on the stand-in, ${sizes.flowsLocal} each on the local Cognito, after a warm-up).`,
      "Middleware path: Express + `expressAuth` (`authFlow: \"USER_PASSWORD_AUTH\"`, the same InitiateAuth as the other paths; SRP's cost is section 7) on loopback, driven by Node's http client with keep-alive (POST /auth/sign-in, then POST /auth/confirm-sign-in with the challenge cookie). Direct path: the AWS SDK's InitiateAuth + RespondToAuthChallenge with SECRET_HASH, same endpoint, same process. Hand-written path: the same two calls behind two bare Express routes (`bench/hand-written-routes.ts`: express.json, a Map of Sessions, res.cookie) — what the middleware replaces, and the floor for any server flow over HTTP.",
      "The stand-in is a loopback HTTP server that answers both calls after a fixed delay, so the difference is the middleware's own cost: two extra loopback HTTP round trips, body parsing and validation, rate limiting, the challenge store, cookies.",
      "CPU per flow is this process's user + system time during the flow (client, middleware, SDK and stand-in all run here, one flow at a time): unlike wall time it is not inflated when other work on the machine delays each extra loopback hop.",
      "Limits raised for the bench (every request comes from 127.0.0.1): sign-ins per IP and codes per account 1,000,000 per window; the limiter still runs. Logger: silent.",
    ],
  };
}

async function compare(target: Target, flows: number, withGoal: boolean): Promise<Row[]> {
  const servers = await startFlowServers(target);
  const client = new CognitoIdentityProviderClient({ region: target.region, endpoint: target.endpoint, credentials: { accessKeyId: "unused", secretAccessKey: "unused" } });
  const paths = {
    middleware: () => httpSignInWithCode({ signInBase: servers.middlewareBase, username: target.username, password: target.password, code: target.code }),
    direct: () => directSdkFlow(client, target),
    handWritten: () => httpSignInWithCode({ signInBase: servers.handWrittenBase, username: target.username, password: target.password, code: target.code }),
  };
  type PathName = keyof typeof paths;
  const times: Record<PathName, number[]> = { middleware: [], direct: [], handWritten: [] };
  const cpu: Record<PathName, number[]> = { middleware: [], direct: [], handWritten: [] };
  const rotations: PathName[][] = [
    ["middleware", "direct", "handWritten"],
    ["direct", "handWritten", "middleware"],
    ["handWritten", "middleware", "direct"],
  ];
  try {
    const warmUp = Math.min(10, flows);
    for (let i = 0; i < warmUp; i++) for (const run of Object.values(paths)) await run();
    for (let i = 0; i < flows; i++) {
      // Rotate who goes first, so no path always follows another's garbage.
      for (const path of rotations[i % rotations.length]!) {
        const { ms, cpuMs } = await timedWithCpu(paths[path]);
        times[path].push(ms);
        cpu[path].push(cpuMs);
      }
    }
  } finally {
    client.destroy();
    await servers.close();
  }
  const p50 = { middleware: percentile(times.middleware, 50), direct: percentile(times.direct, 50), handWritten: percentile(times.handWritten, 50) };
  const cpuOverHandWritten = percentile(cpu.middleware, 50) - percentile(cpu.handWritten, 50);
  const added = p50.middleware - p50.direct;
  const allowed = Math.max(0.05 * p50.direct, 1);
  return [
    { metric: `${target.label}: direct SDK flow p50 / p95`, value: `${fmt.ms(p50.direct)} / ${fmt.ms(percentile(times.direct, 95))}` },
    { metric: `${target.label}: middleware flow p50 / p95`, value: `${fmt.ms(p50.middleware)} / ${fmt.ms(percentile(times.middleware, 95))}` },
    {
      metric: `${target.label}: middleware ÷ direct (p50), added per flow`,
      value: `${fmt.ratio(p50.middleware / p50.direct)}, ${fmt.ms(added)}`,
      ...(withGoal ? { goal: `≤ ${fmt.ms(allowed)} (max of 5%, 1 ms)`, met: added <= allowed } : {}),
    },
    { metric: `${target.label}: hand-written Express routes (no limits, no checks) p50 / p95`, value: `${fmt.ms(p50.handWritten)} / ${fmt.ms(percentile(times.handWritten, 95))}` },
    {
      metric: `${target.label}: middleware ÷ hand-written routes (p50), added per flow`,
      value: `${fmt.ratio(p50.middleware / p50.handWritten)}, ${fmt.ms(p50.middleware - p50.handWritten)}`,
    },
    {
      metric: `${target.label}: CPU per flow, direct / hand-written / middleware (p50)`,
      value: `${fmt.ms(percentile(cpu.direct, 50))} / ${fmt.ms(percentile(cpu.handWritten, 50))} / ${fmt.ms(percentile(cpu.middleware, 50))}`,
    },
    {
      metric: `${target.label}: CPU per flow, middleware − hand-written routes (p50)`,
      value: fmt.ms(cpuOverHandWritten),
      ...(withGoal ? { goal: "≤ 0.30 ms", met: cpuOverHandWritten <= 0.3 } : {}),
    },
    {
      metric: `${target.label}: CPU per flow, direct / middleware (p50), added`,
      value: `${fmt.ms(percentile(cpu.direct, 50))} / ${fmt.ms(percentile(cpu.middleware, 50))}, ${fmt.ms(percentile(cpu.middleware, 50) - percentile(cpu.direct, 50))}`,
    },
  ];
}

/** What an app does without the middleware: the two calls, SECRET_HASH included. */
async function directSdkFlow(client: CognitoIdentityProviderClient, target: Target): Promise<void> {
  const hash = (username: string) => secretHash(username, target.clientId, target.clientSecret);
  const started = await client.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: target.clientId,
      AuthParameters: { USERNAME: target.username, PASSWORD: target.password, SECRET_HASH: hash(target.username) },
    }),
  );
  if (started.ChallengeName !== "SMS_MFA" || !started.Session) throw new Error(`InitiateAuth gave ${started.ChallengeName ?? "no challenge"}`);
  const username = started.ChallengeParameters?.USER_ID_FOR_SRP ?? target.username;
  const done = await client.send(
    new RespondToAuthChallengeCommand({
      ClientId: target.clientId,
      ChallengeName: "SMS_MFA",
      Session: started.Session,
      ChallengeResponses: { USERNAME: username, SMS_MFA_CODE: await target.code(), SECRET_HASH: hash(username) },
    }),
  );
  if (!done.AuthenticationResult?.AccessToken) throw new Error("RespondToAuthChallenge gave no tokens");
}
