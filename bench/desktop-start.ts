import { spawnSync } from "node:child_process";
import { startChild } from "./child.js";
import type { DesktopResult } from "./desktop-child.js";
import type { BenchSizes } from "./sizes.js";
import { fmt, percentile } from "./stats.js";
import type { Section } from "./table.js";

/** 5. Desktop start: the auth service's start to a session restored from the real keychain. */
export async function desktopStart(sizes: BenchSizes): Promise<Section> {
  const title = "5. Desktop start (restore from the OS keychain)";
  const haveKeyring = spawnSync("sh", ["-c", "command -v dbus-run-session && command -v gnome-keyring-daemon"], { stdio: "ignore" }).status === 0;
  if (!haveKeyring) {
    return { title, rows: [{ metric: "skipped", value: "dbus-run-session or gnome-keyring-daemon is not installed" }], notes: [] };
  }
  const child = await startChild<DesktopResult>("desktop-child.ts", { restores: sizes.desktopRestores }, { keychain: true, timeoutMs: 120_000 });
  await child.exited();
  const { totalMs, keychainMs } = child.info;
  const share = totalMs.map((total, i) => keychainMs[i]! / total);
  return {
    title,
    rows: [
      { metric: "`startDesktopAuth()` → signed in, p50 / p95", value: `${fmt.ms(percentile(totalMs, 50))} / ${fmt.ms(percentile(totalMs, 95))}` },
      { metric: "first restore in the process", value: fmt.ms(totalMs[0]!) },
      { metric: "share in keychain calls, p50 (the rest: one REFRESH_TOKEN_AUTH call and wiring)", value: fmt.pct(percentile(share, 50)) },
      { metric: "restores that ended signed in", value: `${totalMs.length} of ${sizes.desktopRestores}`, goal: "all", met: totalMs.length === sizes.desktopRestores },
    ],
    notes: [
      `The desktop main process's own start-up, \`startDesktopAuth()\` (desktop/main/start-auth.ts: config from COGNITO_* → SDK port on the local Cognito's public client → shared flow → keychain vault on @github/keytar → auth service), then \`restore()\` until the state is signed-in and remembered. ${totalMs.length} starts in one Node process (plain Node: no Electron binary here).`,
      "Real keychain: gnome-keyring's Secret Service in a private D-Bus session (`dbus-run-session`, keyring unlocked), as the keychain tests run. A first run signs in with \"remember me\" (SMS code) to file the refresh token; each start then reads it and makes one refresh call. Keychain time is measured by a stopwatch around the real keytar calls.",
      "Excluded: Node/Electron process start-up and module loading (keytar's native module is loaded by the first run).",
    ],
  };
}
