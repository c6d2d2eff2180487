import { AuthError } from "../../shared/errors/auth-error.js";
import type { AuthRequest } from "./auth-http.js";

/** Bodies above this are refused before they are read in full. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Refuses cross-site browser requests (CSRF). Browsers send Sec-Fetch-Site and Origin; a
 * request with neither comes from a non-browser client, which no cookie rides along with.
 */
export function assertSameOrigin(request: AuthRequest, allowedOrigins: readonly string[], host: string | null): void {
  if (request.header("sec-fetch-site") === "cross-site") throw new AuthError("FORBIDDEN_ORIGIN");
  const origin = request.header("origin");
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
export function assertJsonBody(request: AuthRequest): void {
  const type = request.header("content-type");
  const length = request.header("content-length");
  const hasBody = length !== "0" && (length !== null || request.header("transfer-encoding") !== null);
  if (type === null && !hasBody) return; // "none or {}" is allowed for refresh and sign-out
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) throw new AuthError("UNSUPPORTED_MEDIA_TYPE");
}

/**
 * Reads the JSON body, refusing more than MAX_BODY_BYTES before reading it all. A body the host
 * framework already parsed is taken as it is (its stream is spent).
 */
export async function readJsonBody(request: AuthRequest): Promise<unknown> {
  const { body } = request;
  if (body.kind === "none") return {};
  if (body.kind === "parsed") {
    if (Buffer.byteLength(JSON.stringify(body.value ?? {})) > MAX_BODY_BYTES) throw new AuthError("PAYLOAD_TOO_LARGE");
    return body.value ?? {};
  }
  if (Number(request.header("content-length") ?? "0") > MAX_BODY_BYTES) throw new AuthError("PAYLOAD_TOO_LARGE");
  const bytes = await body.read(MAX_BODY_BYTES);
  if (bytes === "too-large") throw new AuthError("PAYLOAD_TOO_LARGE");
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AuthError("INVALID_REQUEST", { message: "The body is not valid JSON." });
  }
}
