// Runs inside a D-Bus session with an unlocked gnome-keyring (desktop-start.ts): how long the
// desktop main process takes from `startDesktopAuth()` to a session restored from the real keychain.
import { randomUUID } from "node:crypto";
import { loadKeytar, type KeytarLike } from "../desktop/main/keychain/keytar-backend.js";
import { startDesktopAuth } from "../desktop/main/start-auth.js";
import { startLocalCognito } from "../shared/local-cognito/local-cognito.js";
import { silentLogger } from "../shared/runtime/logger.js";
import { announceReady, childConfig } from "./child.js";

export interface DesktopResult {
  /** start → signed-in, ms, per restore; the first one is the process's first. */
  totalMs: number[];
  /** Of which: time inside keychain calls. */
  keychainMs: number[];
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { restores } = childConfig<{ restores: number }>();
const service = `cognito-mfa-kit-bench-${randomUUID()}`;
const local = await startLocalCognito({ print: false });
const env = { COGNITO_REGION: local.region, COGNITO_USER_POOL_ID: local.userPoolId, COGNITO_CLIENT_ID: local.publicClientId, COGNITO_ENDPOINT: local.endpoint };
const now = () => Number(process.hrtime.bigint()) / 1e6;
const keytar = loadKeytar();

/** The real keytar with a stopwatch: the keychain's share of the start. */
function stopwatchKeytar(clock: { keychainMs: number }): KeytarLike {
  const timedCall =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = now();
      try {
        return await call(...args);
      } finally {
        clock.keychainMs += now() - start;
      }
    };
  return {
    getPassword: timedCall((s: string, a: string) => keytar.getPassword(s, a)),
    setPassword: timedCall((s: string, a: string, p: string) => keytar.setPassword(s, a, p)),
    deletePassword: timedCall((s: string, a: string) => keytar.deletePassword(s, a)),
    findCredentials: timedCall((s: string) => keytar.findCredentials(s)),
  };
}

const start = (clock: { keychainMs: number }) =>
  startDesktopAuth({ env, dataDirectory: "/nonexistent-bench-dir", packaged: false, logger: silentLogger, vault: { service, keytar: stopwatchKeytar(clock) } });

const result: DesktopResult = { totalMs: [], keychainMs: [] };
try {
  // The first run: sign in with "remember me", which files the refresh token in the keychain.
  const first = await start({ keychainMs: 0 });
  await first.service.signIn({ username: "demo@example.com", password: "Demo-Passw0rd!", remember: true });
  const signedIn = await first.service.confirmSignIn({ challengeResponse: await local.codes.nextCode("demo@example.com") });
  if (!signedIn.isSignedIn || first.service.getState().remembered !== true) throw new Error(`first run did not remember the sign-in: ${JSON.stringify(first.service.getState())}`);
  await first.stop();

  for (let i = 0; i < restores; i++) {
    const clock = { keychainMs: 0 };
    const begin = now();
    const desktop = await start(clock);
    const state = await desktop.service.restore();
    const total = now() - begin;
    await desktop.stop();
    if (state.status !== "signed-in" || state.remembered !== true) throw new Error(`restore ${i} ended ${JSON.stringify(state)}`);
    result.totalMs.push(total);
    result.keychainMs.push(clock.keychainMs);
  }
} finally {
  for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
  await local.stop();
}
announceReady(result);
process.exit(0);
