// The flow both the middleware and the desktop main process run: usable on its own in any
// Node service that talks to Cognito (a CLI, a worker, another framework).
export { createFlow, sessionInfoOf, type Flow, type FlowOptions, type SignedInSession } from "./flow/flow.js";
export type { SignInInput, FlowContext } from "./flow/start-sign-in.js";
export type { ConfirmInput } from "./flow/confirm-answer.js";
export type { BeforeCodeMaySend } from "./flow/srp-sign-in.js";
export type { RememberedDevice } from "./flow/device-auth.js";
export type { DeviceInfo } from "./flow/devices.js";
export { sentACode, type SignInOutcome, type ChallengeOutcome, type SignedInOutcome, type AccountStepOutcome } from "./flow/outcome.js";
// The pre-issue-13 view of the flow (the older step set), until the middleware and desktop move to createFlow.
export { createSignInFlow, type SignInFlow, type SignInFlowOptions, type FlowOutcome } from "./flow/sign-in-flow.js";
export type { OpenChallenge } from "./flow/open-challenge.js";
export type {
  SignInStep,
  OpenStepName,
  AccountStepName,
  StepDetails,
  FlowResult,
  DeviceStatus,
  SignInStepName,
  OpenStep,
  NextStep,
  SignInResult,
  SessionInfo,
  SignedInUser,
  MfaType,
  CodeDeliveryDetails,
} from "./flow/steps.js";
export { validateChallengeResponse, isCodeStep, answerMaySendACode } from "./flow/challenge-response.js";
export { createSdkCognitoPort, type SdkCognitoPortOptions } from "./cognito/sdk-cognito-port.js";
export type { CognitoPort, TokenSet, AuthResponse, ChallengeName, UserContext, AuthFlow, FirstFactor, NewDeviceMetadata, DeviceRecord } from "./cognito/cognito-port.js";
export { secretHash } from "./cognito/secret-hash.js";
export { toAuthError, COGNITO_EXCEPTION_CODES } from "./cognito/exception-map.js";
export { AuthError, isAuthError, type AuthErrorDetails } from "./errors/auth-error.js";
export { ERROR_CODES, type ErrorCode } from "./errors/error-codes.js";
export { createAccessTokenVerifier, createJwksCache, endpointJwksFetcher, type AccessTokenVerifier } from "./tokens/access-token-verifier.js";
export { createIdTokenVerifier, type IdTokenVerifier } from "./tokens/id-token-verifier.js";
export { systemClock, ManualClock, type Clock } from "./runtime/clock.js";
export { createConsoleLogger, silentLogger, type Logger } from "./runtime/logger.js";
// The account around sign-in (sign-up, reset, attributes, MFA preference, TOTP set-up), Amplify v6's names.
export { createAccountOperations, type AccountOperations, type AccountOperationsOptions } from "./account/account-operations.js";
export type * from "./account/account-types.js";
export { ACCOUNT_INPUT_SHAPES } from "./account/account-schemas.js";
export { createSdkAccountPort, type SdkAccountPortOptions } from "./cognito/sdk-account-port.js";
export type { AccountPort, CognitoUser, MfaSetting, RawCodeDelivery } from "./cognito/account-port.js";
