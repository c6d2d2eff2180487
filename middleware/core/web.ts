import type { AuthRequest, AuthResponse } from "./auth-http.js";

/** A Web Request as the core sees it (for fetch-style hosts: Hono, Next.js route handlers, Deno…). */
export function fromWebRequest(request: Request): AuthRequest {
  return {
    method: request.method,
    header: (name) => request.headers.get(name),
    body: request.body
      ? {
          kind: "raw",
          async read(limitBytes) {
            const chunks: Uint8Array[] = [];
            let size = 0;
            const reader = request.body!.getReader();
            for (;;) {
              const { done, value } = await reader.read();
              if (done) return Buffer.concat(chunks);
              size += value.byteLength;
              if (size > limitBytes) {
                await reader.cancel().catch(() => {});
                return "too-large";
              }
              chunks.push(value);
            }
          },
        }
      : { kind: "none" },
  };
}

/** The core's answer as a Web Response, every Set-Cookie kept apart. */
export function toWebResponse(response: AuthResponse): Response {
  const headers = new Headers(response.headers);
  for (const cookie of response.setCookies) headers.append("set-cookie", cookie);
  return new Response(response.body, { status: response.status, headers });
}
