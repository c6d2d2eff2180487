// Section 7: the client side of SRP, CPU per sign-in. USER_PASSWORD_AUTH sends the password and
// computes nothing, so what USER_SRP_AUTH adds is exactly the client's maths: SRP_A, then the
// password claim from Cognito's PASSWORD_VERIFIER. Ours (shared/srp, modular exponentiation on
// OpenSSL) against amazon-cognito-identity-js's AuthenticationHelper (AWS's own, BigInteger in
// JS) and cognito-srp-helper, on the same challenges in the same run.
import { createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { createSrpSession, signSrpSession } from "cognito-srp-helper";
import { createSrpClient, passwordVerifier, startServerSrp } from "../shared/srp/index.js";
import type { BenchSizes } from "./sizes.js";
import { fmt, percentile } from "./stats.js";
import type { Section } from "./table.js";

type Helper = {
  getLargeAValue(callback: (error: Error | null, value: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(username: string, password: string, serverB: unknown, salt: unknown, callback: (error: Error | null, key: Buffer) => void): void;
};
const require = createRequire(import.meta.url);
const { AuthenticationHelper } = require("amazon-cognito-identity-js") as { AuthenticationHelper: new (poolName: string) => Helper };
const BigInteger = require("amazon-cognito-identity-js/lib/BigInteger.js").default as new (hex: string, radix: number) => unknown;

const POOL_ID = "us-east-1_BenchPool1";
const POOL_NAME = "BenchPool1";
const USER = "demo@example.com";
const PASSWORD = "Demo-Passw0rd!";

interface Challenge {
  SRP_B: string;
  SALT: string;
  SECRET_BLOCK: string;
}

/** Challenges as Cognito would send them (made once, outside the measurement). */
function challenges(count: number): Challenge[] {
  const salt = BigInt(`0x${randomBytes(16).toString("hex")}`);
  const verifier = passwordVerifier(POOL_NAME, USER, PASSWORD, salt);
  return Array.from({ length: count }, () => ({ SRP_B: startServerSrp(verifier).srpB, SALT: salt.toString(16), SECRET_BLOCK: randomBytes(96).toString("base64") }));
}

/** CPU (user + system) of one synchronous or callback-driven sign-in's client maths, ms. */
async function cpuOf(work: () => Promise<void> | void): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const clients: Record<string, (challenge: Challenge) => Promise<void> | void> = {
  "cognito-mfa-kit (shared/srp)": (challenge) => {
    const client = createSrpClient();
    void client.srpA;
    client.passwordClaim({ poolName: POOL_NAME, userId: USER, password: PASSWORD, challenge });
  },
  "amazon-cognito-identity-js": (challenge) =>
    new Promise<void>((resolve, reject) => {
      const helper = new AuthenticationHelper(POOL_NAME);
      helper.getLargeAValue((error) => {
        if (error) return reject(error);
        helper.getPasswordAuthenticationKey(USER, PASSWORD, new BigInteger(challenge.SRP_B, 16), new BigInteger(challenge.SALT, 16), (keyError, key) => {
          if (keyError) return reject(keyError);
          // The signature, as CognitoUser.js makes it from the key.
          createHmac("sha256", key).update(Buffer.concat([Buffer.from(POOL_NAME), Buffer.from(USER), Buffer.from(challenge.SECRET_BLOCK, "base64"), Buffer.from("Tue Nov 25 10:03:00 UTC 2025")])).digest("base64");
          resolve();
        });
      });
    }),
  "cognito-srp-helper": (challenge) => {
    const session = createSrpSession(USER, PASSWORD, POOL_ID, false);
    signSrpSession(session, { ChallengeParameters: { ...challenge, USER_ID_FOR_SRP: USER } });
  },
};

export async function srpCost(sizes: BenchSizes): Promise<Section> {
  const set = challenges(sizes.srpSignIns);
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
  // Warm-up, then rounds that rotate the order so no client always runs on a warm cache.
  for (const sign of Object.values(clients)) for (const challenge of set.slice(0, 5)) await sign(challenge);
  const names = Object.keys(clients);
  for (let index = 0; index < set.length; index++) {
    for (let turn = 0; turn < names.length; turn++) {
      const name = names[(index + turn) % names.length]!;
      cpu[name]!.push(await cpuOf(() => clients[name]!(set[index]!)));
    }
  }
  const p50 = (name: string) => percentile(cpu[name]!, 50);
  const ours = p50(names[0]!);
  const peers = names.slice(1).map((name) => ({ name, ms: p50(name) }));
  return {
    title: "7. SRP: client CPU per sign-in",
    rows: [
      { metric: "USER_PASSWORD_AUTH (no client maths)", value: fmt.ms(0) },
      { metric: "USER_SRP_AUTH, cognito-mfa-kit: SRP_A + password claim (p50)", value: fmt.ms(ours), goal: "≤ 5 ms more than USER_PASSWORD_AUTH", met: ours <= 5 },
      ...peers.map(({ name, ms }) => ({ metric: `USER_SRP_AUTH, ${name} (p50)`, value: `${fmt.ms(ms)} (ours ÷ theirs ${fmt.ratio(ours / ms)})`, goal: "ours less", met: ours < ms })),
    ],
    notes: [
      `${set.length} sign-ins per client, each on its own challenge (a fresh SRP_B from our server side), order rotating; CPU time (user + system) of this process per sign-in, p50.`,
      "What USER_SRP_AUTH adds over USER_PASSWORD_AUTH on the server is exactly this maths: the HTTP calls to Cognito are the same two in both flows.",
    ],
  };
}
