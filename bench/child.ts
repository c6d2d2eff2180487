import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { onServerCore } from "./cores.js";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Child<T> {
  /** What the child printed on its "ready" line. */
  info: T;
  process: ChildProcess;
  /** Stops a server child (SIGTERM). */
  stop(): Promise<void>;
  /** Waits for a one-shot child to finish by itself (killing dbus-run-session would orphan its bus). */
  exited(): Promise<void>;
}

/**
 * Runs a bench script in its own Node process (servers under load get their own core; the load
 * tool stays out of their way) and waits for its `ready {json}` line on stdout.
 */
export function startChild<T>(script: string, config: unknown, options: { nodeArgs?: string[]; timeoutMs?: number; keychain?: boolean } = {}): Promise<Child<T>> {
  const nodeArgs = [...(options.nodeArgs ?? []), "--import", "tsx", path.join(here, script)];
  // The real OS keychain on Linux: a private D-Bus session with gnome-keyring unlocked, as
  // scripts/run-tests.mjs runs the keychain tests.
  const [command, args] = options.keychain
    ? onServerCore("dbus-run-session", ["--", "sh", "-c", `printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec ${[process.execPath, ...nodeArgs].map((arg) => `'${arg}'`).join(" ")}`])
    : onServerCore(process.execPath, nodeArgs);
  const child = spawn(command, args, {
    env: { ...process.env, BENCH_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${script} did not start within ${options.timeoutMs ?? 30_000} ms`));
    }, options.timeoutMs ?? 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const line = buffer.split("\n").find((candidate) => candidate.startsWith("ready "));
      if (!line) return;
      clearTimeout(timer);
      child.stdout!.removeAllListeners("data");
      child.stdout!.resume();
      child.removeAllListeners("exit");
      const exit = child.exitCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once("exit", () => done()));
      resolve({ info: JSON.parse(line.slice(6)) as T, process: child, stop: () => stopChild(child), exited: () => exit });
    });
  });
}

/** The config the parent passed to this child. */
export function childConfig<T>(): T {
  return JSON.parse(process.env.BENCH_CHILD_CONFIG ?? "{}") as T;
}

/** Announces readiness to the parent. */
export function announceReady(info: unknown): void {
  process.stdout.write(`ready ${JSON.stringify(info)}\n`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
