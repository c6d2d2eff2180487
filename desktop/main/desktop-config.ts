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
      source: "environment" | "config-file";
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
  /** The environment to read `COGNITO_*` from. */
  env: Readonly<Record<string, string | undefined>>;
  /** The app's data folder (Electron's `app.getPath("userData")`); `cognito.json` is read from it. */
  dataDirectory?: string;
  /**
   * Whether an unconfigured app may fall back to the embedded local Cognito. True for
   * development builds only: a packaged app with no pool is a configuration error.
   */
  allowDevelopment: boolean;
}

/**
 * Reads the pool settings: the environment wins over `cognito.json` in the data folder. A client
 * secret in either place is refused, by design, with a message that says why.
 */
export async function loadDesktopConfig(options: LoadDesktopConfigOptions): Promise<DesktopConfig> {
  const { env } = options;
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

  if (!options.allowDevelopment) {
    throw new DesktopConfigError(
      `No user pool is configured. Set COGNITO_REGION, COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID, or write them to ${CONFIG_FILE_NAME} in the app's data folder.`,
    );
  }
  return { kind: "development" };
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
  source: "environment" | "config-file",
  prefix: string,
): DesktopConfig {
  const name = (setting: string) => (source === "environment" ? `${prefix}${setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}` : `${prefix}${setting}`);
  const userPoolId = raw.userPoolId ?? "";
  // A pool id is "<region>_<id>": the region can be read from it when not given.
  const region = raw.region ?? userPoolId.split("_")[0] ?? "";
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new DesktopConfigError(`${name("region")} must be an AWS region such as eu-west-1 (got "${region}").`);
  if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) throw new DesktopConfigError(`${name("userPoolId")} must look like ${region}_AbC123xyz.`);
  if (!raw.clientId) throw new DesktopConfigError(`${name("clientId")} is required: the id of an app client without a secret.`);
  if (raw.endpoint !== undefined && !/^https?:\/\//.test(raw.endpoint)) throw new DesktopConfigError(`${name("endpoint")} must be an http(s) URL.`);
  return { kind: "pool", region, userPoolId, clientId: raw.clientId, source, ...(raw.endpoint ? { endpoint: raw.endpoint } : {}) };
}
