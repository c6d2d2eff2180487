// The page's only contact with the server: JSON over same-origin fetch. Tokens stay in
// HttpOnly cookies the browser sends by itself; nothing here ever sees one.
import type { SignInResult } from "../../../shared/flow/steps.js";

export type { OpenStep, SignInResult, SignedInUser } from "../../../shared/flow/steps.js";

export interface Me {
  user: { sub: string; username: string; email: string | null };
  servedAt: string;
}

/** The contract's error body, or a network failure (code "NETWORK"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly attemptsLeft?: number,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, "NETWORK", "Can't reach the server. Check your connection and try again.");
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; attemptsLeft?: number; retryAfter?: number } } | null;
  if (!response.ok) {
    const error = data?.error;
    const retryHeader = Number(response.headers.get("retry-after"));
    throw new ApiError(
      response.status,
      error?.code ?? "INTERNAL",
      error?.message ?? "Something went wrong. Try again.",
      error?.attemptsLeft,
      error?.retryAfter ?? (Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined),
    );
  }
  return data as T;
}

export const api = {
  signIn: (username: string, password: string) => call<SignInResult>("POST", "/auth/sign-in", { username, password }),
  confirmSignIn: (challengeResponse: string, userAttributes?: Record<string, string>) =>
    call<SignInResult>("POST", "/auth/confirm-sign-in", userAttributes ? { challengeResponse, userAttributes } : { challengeResponse }),
  signOut: () => call<void>("POST", "/auth/sign-out", {}),
  /** The demo's protected route: requireAuth() on the server, refreshing expired tokens. */
  me: () => call<Me>("GET", "/api/me"),
};
