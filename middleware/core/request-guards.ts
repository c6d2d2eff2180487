import { AuthError } from "../../shared/errors/auth-error.js";

/** Bodies above this are refused before they are read in full. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Refuses cross-site browser requests (CSRF). Browsers send Sec-Fetch-Site and Origin; a
 * request with neither comes from a non-browser client, which no cookie rides along with.
 */
export function assertSameOrigin(request: Request, allowedOrigins: readonly string[], host: string | null): void {
  if (request.headers.get("sec-fetch-site") === "cross-site") throw new AuthError("FORBIDDEN_ORIGIN");
  const origin = request.headers.get("origin");
  if (origin === null) return;
  if (origin === "null") throw new AuthError("FORBIDDEN_ORIGIN");
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new AuthError("FORBIDDEN_ORIGIN");
  }
  if (host !== null && parsed.host === host) return;
  if (allowedOrigins.includes(parsed.origin)) return;
  throw new AuthError("FORBIDDEN_ORIGIN");
}

/** POST bodies must be JSON (a form post is how cross-site requests sneak in without preflight). */
export function assertJsonBody(request: Request): void {
  const type = request.headers.get("content-type");
  const hasBody = request.headers.get("content-length") !== "0" && (request.headers.has("content-length") || request.headers.has("transfer-encoding"));
  if (type === null && !hasBody) return; // "none or {}" is allowed for refresh and sign-out
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) throw new AuthError("UNSUPPORTED_MEDIA_TYPE");
}

/**
 * Reads the JSON body, stopping at MAX_BODY_BYTES. `preParsed` is what a host framework's body
 * parser already produced (the stream is then spent).
 */
export async function readJsonBody(request: Request, preParsed?: { value: unknown }): Promise<unknown> {
  if (preParsed) {
    if (Buffer.byteLength(JSON.stringify(preParsed.value ?? {})) > MAX_BODY_BYTES) throw new AuthError("PAYLOAD_TOO_LARGE");
    return preParsed.value ?? {};
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AuthError("PAYLOAD_TOO_LARGE");
  if (!request.body) return {};
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw new AuthError("PAYLOAD_TOO_LARGE");
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AuthError("INVALID_REQUEST", { message: "The body is not valid JSON." });
  }
}
