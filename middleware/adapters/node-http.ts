import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthRequest, AuthResponse } from "../core/auth-http.js";

/**
 * Node's request as the core sees it, without copying headers or wrapping the body in a Web
 * stream. `parsed` is a body the host framework's parser already consumed.
 */
export function fromNodeRequest(req: IncomingMessage, parsed?: { value: unknown }): AuthRequest {
  return {
    method: req.method ?? "GET",
    header(name) {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
    body: parsed ? { kind: "parsed", value: parsed.value } : req.readableEnded ? { kind: "none" } : { kind: "raw", read: (limit) => readNodeBody(req, limit) },
  };
}

/** Reads at most `limitBytes`; past that it stops listening and reports the body too large. */
function readNodeBody(req: IncomingMessage, limitBytes: number): Promise<Uint8Array | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        // Node discards the rest and closes the connection after the 413 is sent.
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** Writes the core's answer to Node's response, keeping every Set-Cookie header apart. */
export function sendNodeResponse(res: ServerResponse, response: AuthResponse): void {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.setCookies.length) appendSetCookies(res, response.setCookies);
  res.end(response.body ?? undefined);
}

/** Adds Set-Cookie headers to any the host app already set. */
export function appendSetCookies(res: ServerResponse, cookies: string[]): void {
  const existing = res.getHeader("set-cookie");
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader("set-cookie", [...list, ...cookies]);
}

/** The path of a request URL, whatever form it came in (origin-form, absolute-form, garbage). */
export function safePath(url: string | undefined): string {
  try {
    const parsed = new URL(url ?? "/", "http://localhost");
    return parsed.pathname + parsed.search;
  } catch {
    return "/";
  }
}

/** Whether `path` is `base` or below it; returns the rest ("/sign-in"). */
export function pathBelow(path: string, base: string): string | undefined {
  if (base === "/") return path;
  if (path === base) return "/";
  return path.startsWith(`${base}/`) ? path.slice(base.length) : undefined;
}
