// The files of the adopter test's app: what a developer who ran `npm install cognito-mfa-kit`
// writes first. Kept apart from the test so the test reads as steps.

/** The README's Express example, pointed at the local Cognito the CLI printed. */
export const EXPRESS_SERVER = `import express from "express";
import { expressAuth, requireAuth } from "cognito-mfa-kit/middleware";

const app = express();
const auth = expressAuth({
  cognito: {
    region: process.env.COGNITO_REGION,
    userPoolId: process.env.COGNITO_USER_POOL_ID,
    clientId: process.env.COGNITO_CLIENT_ID,
    clientSecret: process.env.COGNITO_CLIENT_SECRET,
    endpoint: process.env.COGNITO_ENDPOINT,
  },
  redis: process.env.REDIS_URL,
});
app.use("/auth", auth);
app.get("/api/me", requireAuth(auth), (req, res) => res.json({ user: req.user }));
const server = app.listen(0, "127.0.0.1", () => console.log("Listening on http://127.0.0.1:" + server.address().port));
`;

/** Loads each entry point with require() (Node >= 20.19 requires ES modules without top-level await). */
export const REQUIRE_ENTRIES = `const exported = {
  middleware: Object.keys(require("cognito-mfa-kit/middleware")),
  shared: Object.keys(require("cognito-mfa-kit/shared")),
  localCognito: Object.keys(require("cognito-mfa-kit/local-cognito")),
};
console.log(JSON.stringify(exported));
`;

/** The same with import. */
export const IMPORT_ENTRIES = `const exported = {
  middleware: Object.keys(await import("cognito-mfa-kit/middleware")),
  shared: Object.keys(await import("cognito-mfa-kit/shared")),
  localCognito: Object.keys(await import("cognito-mfa-kit/local-cognito")),
};
console.log(JSON.stringify(exported));
`;

/** Each optional peer, missing: what the app is told at start-up. */
export const MISSING_PEERS = `import { expressAuth } from "cognito-mfa-kit/middleware";
import { startLocalCognito } from "cognito-mfa-kit/local-cognito";

const cognito = { region: "eu-west-1", userPoolId: "eu-west-1_Abc123", clientId: "client" };
const outcome = {};
try {
  expressAuth({ cognito, redis: "redis://127.0.0.1:1" });
  outcome.redis = "started";
} catch (error) {
  outcome.redis = { name: error.name, message: error.message };
}
try {
  await startLocalCognito({ print: false });
  outcome.localCognito = "started";
} catch (error) {
  outcome.localCognito = { name: error.name, code: error.code, packageName: error.packageName };
}
console.log(JSON.stringify(outcome));
`;

/** A strict TypeScript app on the package's typings only (no framework typings needed). */
export const TYPED_APP = `import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { AuthOptionsError, expressAuth, koaAuth, nodeAuth, type AuthOptions, type AuthenticatedUser } from "cognito-mfa-kit/middleware";
import { AuthError, createSignInFlow, type ErrorCode, type SignInResult } from "cognito-mfa-kit/shared";
import { SEED_USERS, startLocalCognito, type LocalCognito } from "cognito-mfa-kit/local-cognito";

const options: AuthOptions = { cognito: { region: "eu-west-1", userPoolId: "eu-west-1_Abc123", clientId: "client" } };
const auth = nodeAuth(options);
createServer(auth).listen(0);
export async function me(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  const user: AuthenticatedUser | undefined = await auth.requireAuth(req, res);
  return user?.sub;
}
export const expressHandler: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void = expressAuth(options);
export const koaMiddleware = koaAuth({ ...options, basePath: "/auth" });
export async function local(): Promise<string> {
  const cognito: LocalCognito = await startLocalCognito({ port: 0, print: false });
  await cognito.stop();
  return cognito.endpoint + SEED_USERS.length;
}
export const code: ErrorCode = "NOT_SIGNED_IN";
export const isOptionsError = (error: unknown): boolean => error instanceof AuthOptionsError || error instanceof AuthError;
export type Result = SignInResult;
export const flow: typeof createSignInFlow = createSignInFlow;
// The typings are real (not any): a wrong option is a type error.
// @ts-expect-error region must be a string
nodeAuth({ cognito: { region: 1, userPoolId: "eu-west-1_Abc123", clientId: "client" } });
`;

/** A strict Express + Koa TypeScript app, with the frameworks' own typings installed. */
export const TYPED_FRAMEWORK_APP = `import express from "express";
import Koa from "koa";
import { expressAuth, koaAuth, requireAuth } from "cognito-mfa-kit/middleware";

const cognito = { region: "eu-west-1", userPoolId: "eu-west-1_Abc123", clientId: "client" };
const app = express();
const expressSide = expressAuth({ cognito });
app.use("/auth", expressSide);
app.get("/api/me", requireAuth(expressSide, { groups: ["admins"] }), (req, res) => {
  res.json({ sub: req.user?.sub });
});
const koa = new Koa();
const auth = koaAuth({ cognito, basePath: "/auth" });
koa.use(auth);
koa.use(auth.requireAuth());
koa.use(async (ctx) => {
  ctx.body = { user: ctx.state.user };
});
`;

/**
 * tsconfig for one module resolution, strict. `skipLibCheck: false` checks every .d.ts, ours
 * included; the framework app sets it true, because @types/koa and content-disposition's
 * own typings disagree (not ours to fix) and that app only checks our handlers fit theirs.
 */
export function tsconfig(resolution: "nodenext" | "bundler", files: string[], skipLibCheck = false): string {
  const module = resolution === "nodenext" ? { module: "nodenext", moduleResolution: "nodenext" } : { module: "esnext", moduleResolution: "bundler" };
  return JSON.stringify({
    compilerOptions: { ...module, target: "es2022", strict: true, skipLibCheck, noEmit: true, esModuleInterop: true, types: ["node"] },
    files,
  });
}
