import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";

/** What an SDK Cognito client needs; the ports' options extend it. */
export interface SdkClientOptions {
  /** AWS region of the user pool, e.g. "eu-west-1". */
  region: string;
  /** Overrides the Cognito endpoint (the local Cognito, a VPC endpoint). */
  endpoint?: string;
  /**
   * Upper bound for one Cognito call, retries included, in milliseconds. The SDK has no
   * timeout by default, so a stalled connection would hang the caller. Default 5000.
   */
  timeoutMs?: number;
  /** Attempts per call for throttling, 5xx and network errors (the SDK's standard retry). Default 3. */
  maxAttempts?: number;
}

/** An SDK client with connection and request timeouts and bounded retries. */
export function createCognitoClient(options: SdkClientOptions): CognitoIdentityProviderClient {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new CognitoIdentityProviderClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
    // The public Cognito user-pool APIs are unsigned; static dummy credentials stop the SDK
    // from searching the machine (and the instance metadata service) for real ones.
    credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
  });
}
