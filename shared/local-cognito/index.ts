// The embedded local Cognito: cognito-local in process behind a strict layer. A development
// and test tool (cognito-local is a dev dependency); never part of a production bundle.
export { startLocalCognito, type LocalCognito, type LocalCognitoOptions } from "./local-cognito.js";
export { SEED_USERS, type SeedUser } from "./seed-users.js";
export { CodeInbox, type SentCode } from "./code-inbox.js";
