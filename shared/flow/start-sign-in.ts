import { AuthError, isAuthError } from "../errors/auth-error.js";
import type { AuthFlow, AuthResponse, CognitoPort, FirstFactor, UserContext } from "../cognito/cognito-port.js";
import type { Logger } from "../runtime/logger.js";
import { MAX_PASSWORD_LENGTH } from "./challenge-response.js";
import { answerDeviceChallenge, type RememberedDevice } from "./device-auth.js";
import type { SignInOutcome } from "./outcome.js";
import { answerPasswordVerifier, startSrp, type BeforeCodeMaySend } from "./srp-sign-in.js";
import type { StepMapper } from "./step-mapping.js";
import type { SrpClient } from "../srp/index.js";

/** Everything a sign-in starts from; `resendCode` starts again from the same. */
export interface SignInInput {
  username: string;
  /** Required for USER_SRP_AUTH and USER_PASSWORD_AUTH; with USER_AUTH only for PASSWORD / PASSWORD_SRP. */
  password?: string;
  /** Overrides the flow's `authFlow` for this sign-in. */
  authFlow?: AuthFlow;
  /** USER_AUTH only: the first factor to try (PREFERRED_CHALLENGE). */
  preferredChallenge?: FirstFactor;
  /** A device confirmed earlier: its DEVICE_KEY is sent, and DEVICE_SRP_AUTH answered with its secret. */
  device?: RememberedDevice;
  /** See `BeforeCodeMaySend`: the limits' seam. */
  beforeCodeMaySend?: BeforeCodeMaySend;
}

export interface StartDeps {
  cognito: CognitoPort;
  logger: Logger;
  mapper: StepMapper;
  defaultAuthFlow: AuthFlow;
}

/** Per-call facts: where the request came from and a correlation id for the log. */
export interface FlowContext extends UserContext {
  requestId?: string;
}

/**
 * InitiateAuth with the chosen flow, the SRP and device exchanges the flow answers itself,
 * then the outcome a person sees. RESET_PASSWORD and CONFIRM_SIGN_UP are outcomes here.
 */
export async function startSignIn(deps: StartDeps, input: SignInInput, context: FlowContext): Promise<SignInOutcome> {
  const authFlow = input.authFlow ?? deps.defaultAuthFlow;
  checkInput(authFlow, input);
  // A hook taken twice would count one sign-in as two codes (the device retry below).
  let hookCalled = false;
  const beforeCodeMaySend = input.beforeCodeMaySend
    ? async (account: Parameters<BeforeCodeMaySend>[0]) => {
        if (hookCalled) return;
        hookCalled = true;
        await input.beforeCodeMaySend!(account);
      }
    : undefined;
  deps.logger.info("sign-in.started", { requestId: context.requestId, authFlow });
  try {
    return await attempt(deps, authFlow, { ...input, ...(beforeCodeMaySend ? { beforeCodeMaySend } : {}) }, context);
  } catch (error) {
    // Cognito forgot the device (ForgetDevice elsewhere, or a key from another pool), as Amplify
    // handles it, or refused the device's secret: sign in without the device, so MFA is asked.
    if (input.device && isAuthError(error) && (causeName(error) === "ResourceNotFoundException" || causeName(error) === DEVICE_PROOF_REFUSED)) {
      deps.logger.info("sign-in.device-unknown", { requestId: context.requestId });
      const { device: _forgotten, ...withoutDevice } = input;
      return attempt(deps, authFlow, { ...withoutDevice, ...(beforeCodeMaySend ? { beforeCodeMaySend } : {}) }, context).catch(accountStepOr(input));
    }
    return accountStepOr(input)(error);
  }
}

async function attempt(deps: StartDeps, authFlow: AuthFlow, input: SignInInput, context: FlowContext): Promise<SignInOutcome> {
  const { cognito } = deps;
  const userContext: UserContext = context.ipAddress ? { ipAddress: context.ipAddress } : {};
  const deviceKey = input.device?.deviceKey;
  const parameters: Record<string, string> = deviceKey ? { DEVICE_KEY: deviceKey } : {};
  let srp: SrpClient | undefined;
  const preferred = authFlow === "USER_AUTH" ? (input.preferredChallenge ?? (input.password ? "PASSWORD_SRP" : undefined)) : undefined;
  if (authFlow === "USER_SRP_AUTH" || preferred === "PASSWORD_SRP") {
    srp = startSrp();
    parameters.SRP_A = srp.srpA;
  } else if (authFlow === "USER_PASSWORD_AUTH" || preferred === "PASSWORD") {
    parameters.PASSWORD = input.password!;
  }
  if (preferred) parameters.PREFERRED_CHALLENGE = preferred;
  // Without SRP, InitiateAuth itself may send the code: the typed name is all there is yet.
  if (!srp && (preferred !== undefined || authFlow === "USER_PASSWORD_AUTH")) await input.beforeCodeMaySend?.({ username: input.username, source: "typed" });

  let response = await cognito.initiateAuth({ authFlow, username: input.username, parameters, userContext });
  if (response.kind === "challenge" && response.challengeName === "PASSWORD_VERIFIER") {
    if (!srp || input.password === undefined) throw unexpected("PASSWORD_VERIFIER");
    response = await answerPasswordVerifier({ cognito, srp, response, password: input.password, deviceKey, beforeCodeMaySend: input.beforeCodeMaySend, userContext });
  }
  return settle(deps, response, { signInName: input.username, device: input.device, userContext }, context);
}

/** Answers DEVICE_SRP_AUTH when Cognito asks it, then maps the answer to an outcome. */
export async function settle(
  deps: Pick<StartDeps, "cognito" | "mapper">,
  response: AuthResponse,
  facts: { signInName: string; cognitoUsername?: string; device?: RememberedDevice | undefined; userContext: UserContext },
  context: FlowContext,
): Promise<SignInOutcome> {
  let provedDevice = false;
  if (response.kind === "challenge" && response.challengeName === "DEVICE_SRP_AUTH") {
    try {
      response = await answerDeviceChallenge({ cognito: deps.cognito, device: facts.device, response, userContext: facts.userContext });
    } catch (error) {
      // A wrong device secret is not a wrong password: the sign-in goes on without the device.
      if (isAuthError(error) && error.code === "NOT_AUTHORIZED") throw new AuthError("NOT_AUTHORIZED", { cause: Object.assign(new Error("Cognito refused the device's secret"), { name: DEVICE_PROOF_REFUSED }) });
      throw error;
    }
    provedDevice = true;
  }
  const deviceKey = facts.device?.deviceKey;
  return deps.mapper(
    response,
    { signInName: facts.signInName, ...(facts.cognitoUsername ? { cognitoUsername: facts.cognitoUsername } : {}), ...(deviceKey ? { deviceKey } : {}), provedDevice },
    context,
  );
}

/** A malformed sign-in is the caller's bug: INVALID_REQUEST before any Cognito call. */
function checkInput(authFlow: AuthFlow, input: SignInInput): void {
  const invalid = (message: string) => new AuthError("INVALID_REQUEST", { message });
  if (input.password !== undefined && (input.password.length === 0 || input.password.length > MAX_PASSWORD_LENGTH)) {
    throw invalid(`The password must be 1 to ${MAX_PASSWORD_LENGTH} characters.`);
  }
  if (authFlow !== "USER_AUTH") {
    if (input.preferredChallenge !== undefined) throw invalid("preferredChallenge needs the USER_AUTH flow.");
    if (input.password === undefined) throw invalid("A password is required.");
    return;
  }
  if ((input.preferredChallenge === "PASSWORD" || input.preferredChallenge === "PASSWORD_SRP") && input.password === undefined) {
    throw invalid(`${input.preferredChallenge} needs the password.`);
  }
}

/** Cognito's "the account needs something first" answers become steps, as in Amplify. */
function accountStepOr(input: SignInInput) {
  return (error: unknown): SignInOutcome => {
    if (isAuthError(error) && (error.code === "PASSWORD_RESET_REQUIRED" || error.code === "USER_NOT_CONFIRMED")) {
      const signInStep = error.code === "PASSWORD_RESET_REQUIRED" ? "RESET_PASSWORD" : "CONFIRM_SIGN_UP";
      return { status: "account-step", signInName: input.username, result: { isSignedIn: false, nextStep: { signInStep } } };
    }
    throw error;
  };
}

const DEVICE_PROOF_REFUSED = "DeviceProofRefused";

function causeName(error: AuthError): string | undefined {
  const cause = error.cause as { name?: unknown } | undefined;
  return typeof cause?.name === "string" ? cause.name : undefined;
}

function unexpected(challenge: string): AuthError {
  return new AuthError("INTERNAL", { cause: new Error(`Cognito answered with ${challenge} where it was not expected`) });
}
