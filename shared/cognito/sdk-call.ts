import type { AuthError } from "../errors/auth-error.js";
import { toAuthError, type CognitoOperation } from "./exception-map.js";

/** Sends one SDK command with an overall deadline and maps every failure to an AuthError. */
export type SdkCall = <T>(operation: CognitoOperation, send: (options: { abortSignal: AbortSignal }) => Promise<T>) => Promise<T>;

export function createSdkCall(timeoutMs: number): SdkCall {
  return async function call<T>(operation: CognitoOperation, send: (options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
    const abortController = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The race is the guarantee: whatever the transport does, the caller hears back in time.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abortController.abort();
        reject(Object.assign(new Error(`Cognito did not answer within ${timeoutMs} ms`), { name: "TimeoutError" }));
      }, timeoutMs);
    });
    try {
      return await Promise.race([send({ abortSignal: abortController.signal }), deadline]);
    } catch (error) {
      throw toAuthError(error, operation) satisfies AuthError;
    } finally {
      clearTimeout(timer);
    }
  };
}
