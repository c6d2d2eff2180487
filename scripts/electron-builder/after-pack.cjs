// electron-builder afterPack hook: applies the release fuses to the packed Electron binary.
// afterPack runs after the asar is written and before signing, which is the order fuses need
// (flipping bytes after signing would break the signature).
const { Arch } = require("electron-builder");
const { releaseFuses, ALLOW_INSPECT_ENV } = require("./release-fuses.cjs");

/** @param {import("app-builder-lib").AfterPackContext} context */
exports.default = async function afterPack(context) {
  const target = { platform: context.electronPlatformName, arch: Arch[context.arch] };
  const fuses = releaseFuses(process.env, target);
  if (process.env[ALLOW_INSPECT_ENV] === "1") {
    console.warn(`  ⚠ ${ALLOW_INSPECT_ENV}=1: the inspect fuse stays ON. This is a test build; do not ship it.`);
  }
  // The packager knows the executable's name and path on each platform (.app, .exe, bare).
  await context.packager.addElectronFuses(context, fuses);
  console.log(`  • release fuses applied  platform=${target.platform} arch=${target.arch}`);
};
