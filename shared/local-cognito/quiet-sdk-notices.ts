// Imported first by the local Cognito, before cognito-local loads: it brings AWS SDK v2 (for
// its Lambda triggers, unused here), whose end-of-support notice would greet every `npm start`.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= "1";
