import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/**
 * Node's request as a Web Request. Only the path is taken from the URL (the Host header never
 * decides where a request goes); the body streams through untouched unless `withBody` is false.
 */
export function toWebRequest(req: IncomingMessage, withBody: boolean): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const pathAndQuery = safePath(req.url);
  const method = req.method ?? "GET";
  const hasBody = withBody && method !== "GET" && method !== "HEAD" && !req.readableEnded;
  return new Request(`http://localhost${pathAndQuery}`, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

/** Writes a Web Response to Node's response, keeping every Set-Cookie header apart. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.end(body);
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
