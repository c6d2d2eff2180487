// The embedded local Cognito: cognito-local in process behind a strict layer. A development
// and test tool; cognito-local is an optional peer, loaded only when the local Cognito starts.
export { startLocalCognito, LocalCognitoPeerMissingError } from "./start-local-cognito.js";
export type { LocalCognito, LocalCognitoOptions } from "./local-cognito-types.js";
export { SEED_USERS, type SeedUser } from "./seed-users.js";
export { CodeInbox, type SentCode } from "./code-inbox.js";
