#!/usr/bin/env node
// `npx cognito-mfa-kit local-cognito`: the local Cognito on its own, for an app's development
// and tests. stdout carries only the endpoint and code lines (docs/local-cognito.md) (the endpoint line, then one line per
// code sent); everything for the person at the terminal goes to stderr.
import { parseArgs } from "node:util";
import { SEED_USERS } from "./seed-users.js";
import { LocalCognitoPeerMissingError, startLocalCognito } from "./start-local-cognito.js";

const USAGE = `Usage: cognito-mfa-kit local-cognito [--port N] [--data-dir DIR]

Runs a local Amazon Cognito (cognito-local behind cognito-mfa-kit's strict layer) on
127.0.0.1 with the seeded users, and prints on stdout:
  [local-cognito] endpoint=http://127.0.0.1:PORT region=... userPoolId=... serverClientId=... serverClientSecret=... publicClientId=...
  [local-cognito] SMS to +15555550100 for demo@example.com: 123456   (one line per code sent)

Options:
  --port N        loopback port (default 0: a free one)
  --data-dir DIR  where the pool files are kept (default: a temporary folder, removed on exit)
  -h, --help      this text

Needs the cognito-local package (npm install --save-dev cognito-local@5.3.0). Ctrl-C stops it.`;

/** Runs the CLI; resolves with the exit code once it has stopped (or failed to start). */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { port: { type: "string" }, "data-dir": { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "local-cognito") return fail(USAGE);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port must be a port number (0-65535), got ${values.port}`);

  let local;
  try {
    local = await startLocalCognito({ port, ...(values["data-dir"] ? { dataDirectory: values["data-dir"] } : {}) });
  } catch (error) {
    if (error instanceof LocalCognitoPeerMissingError) return fail(error.message);
    throw error;
  }
  process.stderr.write(`Seeded users:\n${SEED_USERS.map((user) => `  ${user.username.padEnd(26)} ${user.password.padEnd(22)} ${user.description}`).join("\n")}\nCtrl-C to stop.\n`);
  const stopped = local;
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      stopped.stop().then(() => resolve(0), (error: unknown) => {
        process.stderr.write(`cognito-mfa-kit: stopping failed: ${String(error)}\n`);
        resolve(1);
      });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`cognito-mfa-kit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
