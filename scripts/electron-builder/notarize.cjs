// electron-builder afterSign hook: notarizes the signed macOS app when Apple credentials are
// given in the environment, and says clearly why it did not otherwise. (electron-builder's own
// notarization is turned off in electron-builder.yml so the choice is made, and logged, here.)
const path = require("node:path");

const API_KEY = ["APPLE_API_KEY", "APPLE_API_KEY_ID", "APPLE_API_ISSUER"];
const APPLE_ID = ["APPLE_ID", "APPLE_APP_SPECIFIC_PASSWORD", "APPLE_TEAM_ID"];

/**
 * Which credentials to notarize with. Half a set is an error, not a skip: a release job that
 * meant to notarize must not quietly ship an app Gatekeeper rejects.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{skip: string} | {options: Record<string, string>}}
 */
function notarizeCredentials(env) {
  const present = (names) => names.filter((name) => env[name]);
  for (const set of [API_KEY, APPLE_ID]) {
    const have = present(set);
    if (have.length > 0 && have.length < set.length) {
      throw new Error(`notarization: ${have.join(", ")} set but ${set.filter((n) => !env[n]).join(", ")} missing`);
    }
  }
  if (present(API_KEY).length === API_KEY.length) {
    return { options: { appleApiKey: env.APPLE_API_KEY, appleApiKeyId: env.APPLE_API_KEY_ID, appleApiIssuer: env.APPLE_API_ISSUER } };
  }
  if (present(APPLE_ID).length === APPLE_ID.length) {
    return { options: { appleId: env.APPLE_ID, appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD, teamId: env.APPLE_TEAM_ID } };
  }
  return { skip: `no credentials (set ${APPLE_ID.join(", ")} or ${API_KEY.join(", ")})` };
}

/** @param {import("app-builder-lib").AfterPackContext} context */
async function afterSign(context) {
  if (context.electronPlatformName !== "darwin") return;
  const credentials = notarizeCredentials(process.env);
  if ("skip" in credentials) {
    console.log(`  • macOS notarization SKIPPED: ${credentials.skip}. Gatekeeper will warn users about this build.`);
    return;
  }
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  // @electron/notarize ships with electron-builder; resolve it from there.
  const notarizePath = require.resolve("@electron/notarize", { paths: [require.resolve("app-builder-lib")] });
  const { notarize } = require(notarizePath);
  console.log(`  • notarizing ${appPath} (this takes minutes)`);
  await notarize({ appPath, ...credentials.options });
  console.log("  • notarized");
}

module.exports = { default: afterSign, notarizeCredentials };
