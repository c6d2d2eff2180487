/**
 * A browser-like HTTP client for the contract suite: Node's global fetch plus a small cookie
 * jar. Cookies are kept by name and Path, dropped when a response expires them, and sent only
 * to paths they cover. `Secure` is honoured loosely (the tests talk to http://127.0.0.1).
 */
export interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  /** Every Set-Cookie header as sent, one entry each. */
  setCookies: string[];
  /** Parsed JSON, or the text when the body is not JSON, or null when empty. */
  body: any;
}

export interface RequestOptions {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** A raw body; set `content-type` yourself. */
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Leave the jar out of this request. */
  noCookies?: boolean;
}

export class TestClient {
  readonly jar = new Map<string, StoredCookie>();

  constructor(readonly baseUrl: string) {}

  get(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return this.request("GET", path, options);
  }

  post(path: string, json?: unknown, options: RequestOptions = {}): Promise<TestResponse> {
    return this.request("POST", path, json === undefined ? options : { ...options, json });
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const headers = new Headers(options.headers);
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const cookie = options.noCookies ? "" : this.cookieHeader(path);
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
    const init: RequestInit & { duplex?: "half" } = { method, headers, redirect: "manual" };
    if (body !== undefined) init.body = body;
    if (body instanceof ReadableStream) init.duplex = "half";
    const response = await fetch(new URL(path, this.baseUrl), init);
    const setCookies = response.headers.getSetCookie();
    this.store(setCookies);
    const text = await response.text();
    return { status: response.status, headers: response.headers, setCookies, body: parseBody(text) };
  }

  /** The value of a cookie in the jar (whatever its Path). */
  cookie(name: string): string | undefined {
    for (const stored of this.jar.values()) if (stored.name === name) return stored.value;
    return undefined;
  }

  /** The Cookie header a browser would send to `path`. */
  cookieHeader(path: string): string {
    const pathname = new URL(path, this.baseUrl).pathname;
    return [...this.jar.values()]
      .filter((stored) => pathMatches(pathname, stored.path))
      .map((stored) => `${stored.name}=${stored.value}`)
      .join("; ");
  }

  /** A copy of this client with the same cookies (a second tab, or a stolen jar). */
  clone(): TestClient {
    const copy = new TestClient(this.baseUrl);
    for (const [key, stored] of this.jar) copy.jar.set(key, { ...stored });
    return copy;
  }

  private store(setCookies: string[]): void {
    for (const header of setCookies) {
      const parsed = parseSetCookie(header);
      const key = `${parsed.name};${parsed.path}`;
      if (parsed.expired) this.jar.delete(key);
      else this.jar.set(key, { name: parsed.name, value: parsed.value, path: parsed.path });
    }
  }
}

/** One Set-Cookie header: its name, value and attributes (names lower-cased). */
export function parseSetCookie(header: string): { name: string; value: string; path: string; expired: boolean; attributes: Map<string, string> } {
  const [pair = "", ...rest] = header.split(";");
  const equals = pair.indexOf("=");
  const name = pair.slice(0, equals).trim();
  const value = pair.slice(equals + 1).trim();
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const [key = "", ...valueParts] = part.split("=");
    attributes.set(key.trim().toLowerCase(), valueParts.join("=").trim());
  }
  const maxAge = attributes.get("max-age");
  const expires = attributes.get("expires");
  const expired = (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now());
  return { name, value, path: attributes.get("path") || "/", expired, attributes };
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (cookiePath === "/" || requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath.endsWith("/") ? cookiePath : `${cookiePath}/`);
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
