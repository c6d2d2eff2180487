import { AuthError } from "../../shared/errors/auth-error.js";
import { UPSTREAM_RETRY_AFTER_SECONDS } from "../../shared/cognito/exception-map.js";

/** Runs a Redis call; a down or slow Redis becomes a clear 503, never a hang or a 500. */
export async function redisCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new AuthError("UPSTREAM_UNAVAILABLE", { cause, retryAfter: UPSTREAM_RETRY_AFTER_SECONDS });
  }
}
