// The release fuses (security check 25), as data the afterPack hook applies and the packaging
// test reads. Fuses are bits baked into the Electron binary: flipping them after packing and
// before signing removes ways to turn the shipped app into a general-purpose Node runtime.
const { FuseV1Options, FuseVersion } = require("@electron/fuses");

// A test build (e.g. for Playwright's _electron.launch, which attaches with --inspect) may keep
// the inspector on. Never set this for a build users get.
const ALLOW_INSPECT_ENV = "CMK_FUSES_ALLOW_INSPECT";

/** @param {NodeJS.ProcessEnv} env @param {{platform: string, arch: string}} target */
function releaseFuses(env, target) {
  const allowInspect = env[ALLOW_INSPECT_ENV] === "1";
  return {
    version: FuseVersion.V1,
    // Flipping bytes breaks an arm64 Mac binary's ad-hoc signature; re-sign it ad hoc so an
    // unsigned build still launches (a real signature replaces it right after).
    resetAdHocDarwinSignature: target.platform === "darwin" && target.arch === "arm64",
    // ELECTRON_RUN_AS_NODE would make the app a plain `node` with the user's keychain access.
    [FuseV1Options.RunAsNode]: false,
    // NODE_OPTIONS=--require=evil.js would run code inside the main process.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect / --inspect-brk would open a debugger on the main process.
    [FuseV1Options.EnableNodeCliInspectArguments]: allowInspect,
    // Only app.asar is loaded (no loose resources/app folder), and it must match the hash
    // electron-builder embeds (Info.plist on macOS, a resource on Windows; Linux has no check yet).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
  };
}

module.exports = { releaseFuses, ALLOW_INSPECT_ENV };
