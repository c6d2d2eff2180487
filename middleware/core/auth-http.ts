import type { ErrorCode } from "../../shared/errors/error-codes.js";

/**
 * The little the core needs from a request, and what it answers. A Web `Request` fits through
 * `fromWebRequest` (see web.ts); the Node adapters wrap `IncomingMessage` directly, because
 * building undici Request/Response objects and streams cost about a millisecond of CPU per
 * request in `npm run bench` — more than all of the core's own work.
 */
export interface AuthRequest {
  method: string;
  /** A header by lower-case name; repeated headers joined with ", ". */
  header(name: string): string | null;
  /** The body: raw bytes read up to a limit, a value the host framework already parsed, or none. */
  body: RequestBody;
}

export type RequestBody =
  | { kind: "raw"; read(limitBytes: number): Promise<Uint8Array | "too-large"> }
  | { kind: "parsed"; value: unknown }
  | { kind: "none" };

export interface AuthResponse {
  status: number;
  /** Lower-case header names; Set-Cookie is kept apart in `setCookies`. */
  headers: Record<string, string>;
  setCookies: string[];
  body: string | null;
  /** Set by `errorResponse`: the code answered, read by the core's event path (never sent). */
  errorCode?: ErrorCode;
}
