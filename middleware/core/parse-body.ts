import type { z } from "zod";
import { AuthError } from "../../shared/errors/auth-error.js";
import { describeIssue } from "./schemas.js";

/** Parses a route's body with its schema; INVALID_REQUEST with the first problem otherwise. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AuthError("INVALID_REQUEST", { message: "The body must be a JSON object." });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AuthError("INVALID_REQUEST", { message: describeIssue(parsed.error) });
  return parsed.data;
}
