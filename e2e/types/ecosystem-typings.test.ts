import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

// The user's type where the ecosystem looks for it: `req.user` is `Express.User` (passport's
// typings and ours merge), and Koa's `ctx.state.user`. Small strict apps, type-checked against
// the kit's sources inside the repo so `express`, `koa` and `passport` resolve as for a user.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const passportTypes = path.join(root, "node_modules/@types/passport");

const EXPRESS_APP = `import express from "express";
import { expressAuth, requireAuth, type AuthenticatedUser } from "KIT";
const app = express();
const auth = expressAuth({ cognito: { userPoolId: "eu-west-1_Abc123", clientId: "client" } });
app.use("/auth", auth);
app.get("/api/me", requireAuth(auth, { groups: ["admins"] }), (req, res) => {
  const user: AuthenticatedUser | undefined = req.user;
  const sub: string | undefined = req.user?.sub;
  // @ts-expect-error not a field of the user
  void req.user?.notAField;
  res.json({ user, sub });
});
`;

const PASSPORT_APP = `import express from "express";
import type { PassportStatic } from "passport";
import { expressAuth, type AuthenticatedUser } from "KIT";
declare const passport: PassportStatic;
const app = express();
const auth = expressAuth({ cognito: { userPoolId: "eu-west-1_Abc123", clientId: "client" } });
app.use(passport.initialize());
app.get("/api/me", auth.requireAuth(), (req, res) => {
  // passport's Request.user and ours are one property of one type: Express.User.
  const user: AuthenticatedUser | undefined = req.user;
  const same: Express.User | undefined = user;
  if (req.isAuthenticated()) req.logIn(req.user, () => res.json({ sub: req.user.sub, same }));
});
`;

const KOA_APP = `import Koa from "koa";
import { koaAuth, koaRequireAuth, type AuthenticatedUser } from "KIT";
const koa = new Koa();
const auth = koaAuth({ cognito: { userPoolId: "eu-west-1_Abc123", clientId: "client" }, basePath: "/auth" });
koa.use(auth);
koa.use(koaRequireAuth(auth, { optional: true }));
koa.use(async (ctx) => {
  const user: AuthenticatedUser | undefined = ctx.state.user;
  // @ts-expect-error not a field of the user
  void ctx.state.user?.notAField;
  ctx.body = { user };
});
`;

function typeCheck(files: Record<string, string>, skipLibCheck: boolean): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(root, "e2e/types/.typings-"));
  try {
    const kit = path.relative(dir, path.join(root, "middleware/index.js")).replaceAll("\\", "/");
    const names = Object.entries(files).map(([name, code]) => {
      writeFileSync(path.join(dir, name), `${code.replaceAll('"KIT"', `"${kit}"`)}\nexport {};\n`);
      return path.join(dir, name);
    });
    const tsconfig = path.join(dir, "tsconfig.json");
    writeFileSync(tsconfig, JSON.stringify({ extends: path.join(root, "tsconfig.json"), compilerOptions: { skipLibCheck, noUnusedLocals: false }, include: names }));
    const result = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", tsconfig], { encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("req.user is Express.User, the kit's user, in a strict app", { timeout: 120_000 }, () => {
  const result = typeCheck({ "express-app.ts": EXPRESS_APP }, true);
  assert.equal(result.status, 0, result.output);
});

test("ctx.state.user is the kit's user in a strict Koa app", { timeout: 120_000 }, () => {
  // skipLibCheck: @types/koa and content-disposition's own typings disagree (not ours to fix).
  const result = typeCheck({ "koa-app.ts": KOA_APP }, true);
  assert.equal(result.status, 0, result.output);
});

test("with @types/passport, passport's typings and ours agree (skipLibCheck off)", { timeout: 120_000 }, (t) => {
  if (!existsSync(passportTypes)) {
    const why = "@types/passport is not installed: add it to devDependencies (npm install -D @types/passport) to run this check";
    console.log(`skipped: ${why}`);
    t.skip(why);
    return;
  }
  const result = typeCheck({ "passport-app.ts": PASSPORT_APP }, false);
  assert.equal(result.status, 0, result.output);
});
