import { Agent, request } from "node:http";
import { cookieHeaderFrom } from "../testing/support/cookie-header.js";

// node:http with keep-alive rather than fetch: undici's fetch costs ~1 ms of CPU per request
// here, which would be charged to the middleware in a one-process measurement.
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

/**
 * A browser's sign-in + SMS code flow against the middleware's routes, over HTTP: POST
 * /auth/sign-in, keep the challenge cookie, POST /auth/confirm-sign-in with the code. Throws
 * with the status and body when any step is not what a successful sign-in looks like.
 */
export async function httpSignInWithCode(input: {
  /** Base URL for the sign-in; the confirm may go to another instance. */
  signInBase: string;
  confirmBase?: string;
  username: string;
  password: string;
  code: () => Promise<string>;
}): Promise<void> {
  const first = await post(`${input.signInBase}/auth/sign-in`, { username: input.username, password: input.password });
  const opened = JSON.parse(first.body) as { nextStep?: { signInStep?: string } };
  if (first.status !== 200 || opened.nextStep?.signInStep !== "CONFIRM_SIGN_IN_WITH_SMS_CODE") throw new Error(`sign-in answered ${first.status}: ${first.body}`);
  const cookie = cookieHeaderFrom(first.setCookies);
  const second = await post(`${input.confirmBase ?? input.signInBase}/auth/confirm-sign-in`, { challengeResponse: await input.code() }, cookie);
  const done = JSON.parse(second.body) as { isSignedIn?: boolean };
  if (second.status !== 200 || done.isSignedIn !== true) throw new Error(`confirm-sign-in answered ${second.status}: ${second.body}`);
}

function post(url: string, body: unknown, cookie?: string): Promise<{ status: number; body: string; setCookies: string[] }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": payload.length, ...(cookie ? { cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), setCookies: res.headers["set-cookie"] ?? [] }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}
