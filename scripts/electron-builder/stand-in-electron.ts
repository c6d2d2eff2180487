// A stand-in Electron runtime folder for `electron-builder --dir -c.electronDist=<folder>`:
// the real runtime cannot be downloaded on these machines. electron-builder copies the folder
// and renames `electron` to the app's executable; that is all it needs on Linux (found by trying).
// The stand-in carries a real V1 fuse wire, so @electron/fuses can flip it and the test can
// read back what the afterPack hook did.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

// @electron/fuses looks for this sentinel, then [version, wire length, one byte per fuse].
const FUSE_SENTINEL = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";
const FUSE_ON = 0x31; // "1"
const FUSE_OFF = 0x30; // "0"

// Electron's shipped defaults, in FuseV1Options order: RunAsNode, EnableCookieEncryption,
// EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
// EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
// LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges.
export const ELECTRON_DEFAULT_FUSES = [true, false, true, true, false, false, false, true] as const;

export async function makeStandInElectron(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const wire = ELECTRON_DEFAULT_FUSES.map((on) => (on ? FUSE_ON : FUSE_OFF));
  const binary = Buffer.concat([
    Buffer.from("#!/bin/sh\necho 'stand-in for the Electron runtime: cannot run the app' >&2\nexit 1\n"),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, wire.length, ...wire]),
    Buffer.from("\n"),
  ]);
  const executable = path.join(folder, "electron");
  await writeFile(executable, binary, { mode: 0o755 });
  await writeFile(path.join(folder, "version"), "stand-in\n");
  return folder;
}

// `tsx scripts/electron-builder/stand-in-electron.ts <folder>`: for `npm run dist:dir` on a
// machine without the runtime (see docs/installers.md).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = path.resolve(process.argv[2] ?? "release/stand-in-electron");
  console.log(await makeStandInElectron(folder));
}
