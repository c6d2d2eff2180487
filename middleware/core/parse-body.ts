import type { z } from "zod";
import { AuthError } from "../../shared/errors/auth-error.js";

/** Parses a route's body with its schema; INVALID_REQUEST with the first problem otherwise. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AuthError("INVALID_REQUEST", { message: "The body must be a JSON object." });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AuthError("INVALID_REQUEST", { message: describeIssue(parsed.error) });
  return parsed.data;
}

/** The first problem, said plainly. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request is not valid.";
  const field = issue.path.join(".");
  if (issue.code === "invalid_type") return field ? `${field} must be a ${issue.expected}.` : "The body must be a JSON object.";
  return issue.message.includes(" ") ? `${capitalise(issue.message)}.` : `${field}: ${issue.message}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
