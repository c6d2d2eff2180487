import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/** Where the desktop app finds its user pool. */
export type DesktopConfig =
  | {
      kind: "pool";
      region: string;
      userPoolId: string;
      /** A public app client (no secret): anything shipped in a desktop app can be extracted. */
      clientId: string;
      /** Overrides the Cognito endpoint (a VPC endpoint, or a local Cognito). */
      endpoint?: string;
      /** Where the settings came from, for the log and error messages. */
      source: "environment" | "config-file" | "bundled";
      /** Settings that were present but not used (a packaged app reads its bundled file only). */
      ignored?: string[];
    }
  | { kind: "development" };

/** The name of the optional settings file inside the app's data folder. */
export const CONFIG_FILE_NAME = "cognito.json";

/** Raised at start-up when the settings are unusable; the message names the setting. */
export class DesktopConfigError extends Error {
  override readonly name = "DesktopConfigError";
}

const SECRET_REFUSED =
  "COGNITO_CLIENT_SECRET is set, but a desktop app must not ship a client secret: anyone can read it " +
  "out of the installed app. Create an app client without a secret for the desktop app and set " +
  "COGNITO_CLIENT_ID to it.";

const fileSchema = z
  .object({
    region: z.string().min(1).optional(),
    userPoolId: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    endpoint: z.url().optional(),
    clientSecret: z.unknown().optional(),
  })
  .strict();

export interface LoadDesktopConfigOptions {
  /** The environment to read `COGNITO_*` from (development builds only). */
  env: Readonly<Record<string, string | undefined>>;
  /** The app's data folder (Electron's `app.getPath("userData")`); development builds read `cognito.json` from it. */
  dataDirectory?: string;
  /**
   * A packaged (released) app. Its pool and endpoint come only from `bundledConfigFile`, inside
   * the signed app, and the endpoint must be https: the environment and the data folder are
   * writable by any program of the same user, which could otherwise point the stored refresh
   * token at a server of its own at the next start. Development builds read the environment,
   * then the data folder, then fall back to the embedded local Cognito.
   */
  packaged: boolean;
  /** The configuration file bundled inside the packaged app (e.g. in app.asar). */
  bundledConfigFile?: string;
}

const ENV_SETTINGS = ["COGNITO_REGION", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_CLIENT_SECRET", "COGNITO_ENDPOINT"] as const;

/**
 * Reads the pool settings. Packaged: the bundled file only. Development: the environment wins
 * over `cognito.json` in the data folder. A client secret anywhere is refused, by design, with a
 * message that says why.
 */
export async function loadDesktopConfig(options: LoadDesktopConfigOptions): Promise<DesktopConfig> {
  const { env } = options;
  if (options.packaged) return bundledConfig(options);
  if (env.COGNITO_CLIENT_SECRET) throw new DesktopConfigError(SECRET_REFUSED);

  if (env.COGNITO_USER_POOL_ID) {
    return poolConfig(
      { region: env.COGNITO_REGION, userPoolId: env.COGNITO_USER_POOL_ID, clientId: env.COGNITO_CLIENT_ID, endpoint: env.COGNITO_ENDPOINT },
      "environment",
      "COGNITO_",
    );
  }

  const file = options.dataDirectory ? await readConfigFile(path.join(options.dataDirectory, CONFIG_FILE_NAME)) : undefined;
  if (file?.userPoolId) return poolConfig({ ...file, endpoint: env.COGNITO_ENDPOINT ?? file.endpoint }, "config-file", `${CONFIG_FILE_NAME}: `);
  return { kind: "development" };
}

/** A packaged app: the bundled file, https only; what the environment says is ignored (and named). */
async function bundledConfig(options: LoadDesktopConfigOptions): Promise<DesktopConfig> {
  const file = options.bundledConfigFile ? await readConfigFile(options.bundledConfigFile) : undefined;
  if (!file?.userPoolId) {
    throw new DesktopConfigError(
      `No user pool is configured in this build. Write region, userPoolId and clientId to desktop/${CONFIG_FILE_NAME} before packaging (see docs/desktop.md).`,
    );
  }
  const config = poolConfig(file, "bundled", `bundled ${CONFIG_FILE_NAME}: `);
  if (config.kind === "pool" && config.endpoint && !config.endpoint.startsWith("https://")) {
    throw new DesktopConfigError(`bundled ${CONFIG_FILE_NAME}: endpoint must be an https URL in a packaged app.`);
  }
  const ignored = ENV_SETTINGS.filter((name) => options.env[name] !== undefined);
  return ignored.length && config.kind === "pool" ? { ...config, ignored } : config;
}

async function readConfigFile(file: string): Promise<z.infer<typeof fileSchema> | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DesktopConfigError(`${file} cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DesktopConfigError(`${file} is not valid JSON.`);
  }
  if (typeof json === "object" && json !== null && "clientSecret" in json) throw new DesktopConfigError(SECRET_REFUSED.replace("COGNITO_CLIENT_SECRET is set", `${file} has a clientSecret`));
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DesktopConfigError(`${file}: ${issue?.path.join(".") || "(root)"} ${issue?.message ?? "is invalid"}`);
  }
  return parsed.data;
}

function poolConfig(
  raw: { region?: string | undefined; userPoolId?: string | undefined; clientId?: string | undefined; endpoint?: string | undefined },
  source: "environment" | "config-file" | "bundled",
  prefix: string,
): DesktopConfig {
  const name = (setting: string) => (source === "environment" ? `${prefix}${setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}` : `${prefix}${setting}`);
  const userPoolId = raw.userPoolId ?? "";
  // A pool id is "<region>_<id>": the region can be read from it when not given.
  const region = raw.region ?? userPoolId.split("_")[0] ?? "";
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new DesktopConfigError(`${name("region")} must be an AWS region such as eu-west-1 (got "${region}").`);
  if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) throw new DesktopConfigError(`${name("userPoolId")} must look like ${region}_AbC123xyz.`);
  if (!raw.clientId) throw new DesktopConfigError(`${name("clientId")} is required: the id of an app client without a secret.`);
  // Plain http only to this machine (a local Cognito in development): tokens cross the network.
  if (raw.endpoint !== undefined && !isHttpsOrLoopback(raw.endpoint)) throw new DesktopConfigError(`${name("endpoint")} must be an https URL (http only to 127.0.0.1, ::1 or localhost).`);
  return { kind: "pool", region, userPoolId, clientId: raw.clientId, source, ...(raw.endpoint ? { endpoint: raw.endpoint } : {}) };
}

function isHttpsOrLoopback(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname);
}
