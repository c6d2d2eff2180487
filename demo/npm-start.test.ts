import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, test } from "node:test";
import { cookieHeaderFrom } from "../testing/support/cookie-header.js";

// The README's first command, for real: `npm start` builds the page, starts the local Cognito
// and the demo server, and a curl-like client signs in with the code printed on stdout.

let child: ChildProcess | undefined;
after(() => {
  // npm → sh → tsx → node: end the whole group.
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

test("npm start serves the routes on the local Cognito and prints each code, as the README says", { timeout: 120_000 }, async () => {
  child = spawn("npm", ["start"], { env: { ...process.env, PORT: "0" }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const waitFor = (pattern: RegExp, what: string) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) {
          clearInterval(timer);
          clearTimeout(deadline);
          resolve(match);
        }
      };
      const timer = setInterval(check, 50);
      const deadline = setTimeout(() => {
        clearInterval(timer);
        reject(new Error(`npm start never printed ${what}. Output so far:\n${output}`));
      }, 90_000);
      check();
    });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));

  await waitFor(/\[local-cognito\] endpoint=http:\/\/127\.0\.0\.1:\d+ region=us-east-1 userPoolId=us-east-1_\w+ serverClientId=\w+ serverClientSecret=\w+ publicClientId=\w+/, "the endpoint line");
  const [, port] = await waitFor(/Listening on http:\/\/localhost:(\d+)/, "Listening on");
  const base = `http://localhost:${port}`;
  // Check 34: the seeded passwords are public, so the demo listens on loopback only by default.
  assert.deepEqual(listeningAddresses(Number(port)), ["127.0.0.1"], "bound to 127.0.0.1 only, not every interface");

  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/i, "the built login page is served at /");

  const post = (path: string, body: unknown, cookie = "") =>
    fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify(body) });
  const signIn = await post("/auth/sign-in", { username: "demo@example.com", password: "Demo-Passw0rd!" });
  assert.equal(signIn.status, 200);
  assert.equal((await signIn.json()).nextStep.signInStep, "CONFIRM_SIGN_IN_WITH_SMS_CODE");
  const [, code] = await waitFor(/\[local-cognito\] SMS to \+15555550100 for demo@example\.com: (\d{6})/, "the SMS code line");
  const challengeCookie = cookieHeaderFrom(signIn.headers.getSetCookie());

  const confirm = await post("/auth/confirm-sign-in", { challengeResponse: code }, challengeCookie);
  assert.equal(confirm.status, 200);
  assert.equal((await confirm.json()).isSignedIn, true);
  const sessionCookies = cookieHeaderFrom(confirm.headers.getSetCookie());

  const session = await fetch(`${base}/auth/session`, { headers: { cookie: sessionCookies } });
  assert.equal(session.status, 200);
  assert.equal((await session.json()).user.username, "demo@example.com");
  const me = await fetch(`${base}/api/me`, { headers: { cookie: sessionCookies } });
  assert.equal(me.status, 200);

  const signOut = await post("/auth/sign-out", {}, sessionCookies);
  assert.equal(signOut.status, 204);
  assert.equal((await fetch(`${base}/auth/session`, { headers: { cookie: sessionCookies } })).status, 401);
});

/** The local addresses a TCP port listens on, read from the kernel's tables (no traffic sent). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const found: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== "0A" || !local?.endsWith(`:${hexPort}`)) continue; // 0A = LISTEN
      const hex = local.split(":")[0]!;
      if (hex.length === 8) found.push(hex.match(/../g)!.reverse().map((byte) => parseInt(byte, 16)).join("."));
      else found.push(hex === "0".repeat(32) ? "::" : `ipv6:${hex}`);
    }
  }
  return found;
}
