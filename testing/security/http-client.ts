import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  /** Each Set-Cookie header, apart. */
  setCookies: string[];
  text: string;
  /** The parsed JSON body, or undefined. */
  json: any;
  /** Wall time from sending to the last byte. */
  ms: number;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as application/json unless a content-type header says otherwise. */
  json?: unknown;
  /** A raw body, sent as given. */
  body?: string | Buffer;
  /** A Cookie header. */
  cookie?: string;
}

/**
 * A raw HTTP client (no fetch): it sends exactly the headers given (Origin, Sec-Fetch-Site,
 * X-Forwarded-For, no Content-Type at all) and never pools connections between requests.
 */
export function send(url: string, options: SendOptions = {}): Promise<HttpResult> {
  const started = performance.now();
  const headers: Record<string, string> = { ...options.headers };
  let body: Buffer | undefined;
  if (options.json !== undefined) {
    body = Buffer.from(JSON.stringify(options.json));
    headers["content-type"] ??= "application/json";
  } else if (options.body !== undefined) {
    body = Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
  }
  if (body && !headers["transfer-encoding"]) headers["content-length"] ??= String(body.length);
  if (options.cookie) headers.cookie = options.cookie;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? (body ? "POST" : "GET"), headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: any;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const setCookie = res.headers["set-cookie"];
        resolve({ status: res.statusCode ?? 0, headers: res.headers, setCookies: setCookie ?? [], text, json, ms: performance.now() - started });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The cookies a browser would hold, updated from each response's Set-Cookie headers. */
export class CookieBox {
  private readonly values = new Map<string, string>();

  take(result: HttpResult): HttpResult {
    for (const line of result.setCookies) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/;\s*max-age=0/i.test(line) || value === "") this.values.delete(name);
      else this.values.set(name, value);
    }
    return result;
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  /** The Cookie header to send. */
  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}
