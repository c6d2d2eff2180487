import { createRequire } from "node:module";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bodyParser } from "@koa/bodyparser";
import express from "express";
import Koa from "koa";
import { expressAuth, requireAuth as expressRequireAuth } from "../../middleware/adapters/express.js";
import { koaAuth, requireAuth as koaRequireAuth } from "../../middleware/adapters/koa.js";
import { nodeAuth } from "../../middleware/adapters/node.js";
import type { AuthOptions } from "../../middleware/core/options.js";
import type { AuthenticatedUser } from "../../middleware/guard/session-guard.js";
import type { RequireAuthOptions } from "../../middleware/guard/require-auth-options.js";

// The older majors are installed under aliases; their types are the current majors' (close enough
// for the few calls made here), so they are loaded without a second set of declarations.
const require = createRequire(import.meta.url);
const express4 = require("express4") as typeof express;
const Koa2 = require("koa2") as typeof Koa;

/**
 * Every server the suite starts offers the same surface:
 * - the auth routes at /auth;
 * - GET /api/me guarded by the adapter's `auth.requireAuth()`, answering `{user}`;
 * - GET /api/tamper: a guarded handler that changes the user it was given;
 * - GET /api/me-default guarded by the exported `requireAuth(auth)` / `koaRequireAuth(auth)` (Express and Koa);
 * - GET /api/admin (`groups: ["admins"]`), /api/scoped (`scopes: ["api/read"]`), /api/own-scope
 *   (`scopes: ["aws.cognito.signin.user.admin"]`, what Cognito grants), /api/maybe (`optional`);
 * - GET /api/next (Express only): `onError: "next"`, answered by the app's error handler as
 *   418 `{ handledByApp: code }`;
 * - GET /page guarded with `redirectTo: "/login"`, answering HTML;
 * - GET and POST /hello, a host route the middleware must leave alone (POST echoes its body).
 */
export interface ContractServer {
  url: string;
  close(): Promise<void>;
}

export interface ServerSetup {
  /** Put the framework's JSON body parser in front of everything (Express and Koa). */
  bodyParser?: boolean;
  /** Where the auth routes live. Default "/auth". */
  basePath?: string;
  /** Express only: `app.use(expressAuth({...options, basePath}))` instead of `app.use(basePath, …)`. */
  atRoot?: boolean;
  /** The host trusts the loopback proxy: Express `trust proxy` "loopback", Koa `app.proxy`. */
  hostTrustsProxy?: boolean;
}

export type ServerFactory = (options: AuthOptions, setup?: ServerSetup) => Promise<ContractServer>;

/** What the host routes answer for a signed-in user. */
function userJson(user: AuthenticatedUser | undefined) {
  return { user: user ? { sub: user.sub, username: user.username, email: user.email ?? null } : null };
}

/**
 * GET /api/tamper: a handler that changes the user it was given, as app code may. What it manages
 * to change must stay with this request: the next request with the same token is told the truth.
 */
function tamper(user: AuthenticatedUser | undefined) {
  if (!user) return { user: null };
  user.email = "changed@evil.example";
  user.groups.push("admins");
  try {
    (user.claims as { username: string }).username = "changed";
  } catch {
    // Frozen claims throw in strict mode; that is the point.
  }
  return { ...userJson(user), claimsUsername: user.claims.username };
}

/** The guarded routes every framework offers with requireAuth's options. */
const GUARDED: Record<string, RequireAuthOptions> = {
  "/api/admin": { groups: ["admins"] },
  "/api/scoped": { scopes: ["api/read"] },
  "/api/own-scope": { scopes: ["aws.cognito.signin.user.admin"] },
  "/api/maybe": { optional: true },
};

const PAGE = "<!doctype html><title>page</title><p>members only</p>";

export function expressFactory(make: typeof express = express): ServerFactory {
  return async (options, setup = {}) => {
    const app = make();
    if (setup.hostTrustsProxy) app.set("trust proxy", "loopback");
    if (setup.bodyParser) app.use(make.json());
    const basePath = setup.basePath ?? "/auth";
    const auth = expressAuth(setup.atRoot ? { ...options, basePath } : options);
    if (setup.atRoot) app.use(auth);
    else app.use(basePath, auth);
    app.get("/api/me", auth.requireAuth(), (req, res) => void res.json(userJson(req.user)));
    app.get("/api/tamper", auth.requireAuth(), (req, res) => void res.json(tamper(req.user)));
    app.get("/api/me-default", expressRequireAuth(auth), (req, res) => void res.json(userJson(req.user)));
    for (const [path, guard] of Object.entries(GUARDED)) app.get(path, auth.requireAuth(guard), (req, res) => void res.json(userJson(req.user)));
    app.get("/api/next", auth.requireAuth({ onError: "next" }), (req, res) => void res.json(userJson(req.user)));
    app.get("/page", auth.requireAuth({ redirectTo: "/login" }), (_req, res) => void res.type("html").send(PAGE));
    app.get("/hello", (_req, res) => void res.type("text").send("hello from the host"));
    app.post("/hello", (req, res) => void res.json({ host: true, body: req.body ?? null }));
    app.use((error: { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(418).json({ handledByApp: error.code ?? null }));
    return listen(createServer(app), () => auth.close());
  };
}

export function koaFactory(make: typeof Koa = Koa): ServerFactory {
  return async (options, setup = {}) => {
    const app = new make();
    if (setup.hostTrustsProxy) app.proxy = true;
    if (setup.bodyParser) app.use(bodyParser());
    const auth = koaAuth({ ...options, basePath: setup.basePath ?? "/auth" });
    app.use(auth);
    const guard = auth.requireAuth();
    const bare = koaRequireAuth(auth);
    const guarded = new Map(Object.entries(GUARDED).map(([path, guard]) => [path, auth.requireAuth(guard)]));
    const page = auth.requireAuth({ redirectTo: "/login" });
    // A router-free host app: each route is a path check, as small apps write it.
    app.use(async (ctx, next) => {
      if (ctx.method === "GET" && ctx.path === "/api/me") return guard(ctx, async () => void (ctx.body = userJson(ctx.state.user)));
      if (ctx.method === "GET" && ctx.path === "/api/tamper") return guard(ctx, async () => void (ctx.body = tamper(ctx.state.user)));
      if (ctx.method === "GET" && ctx.path === "/api/me-default") return bare(ctx, async () => void (ctx.body = userJson(ctx.state.user)));
      const extra = ctx.method === "GET" ? guarded.get(ctx.path) : undefined;
      if (extra) return extra(ctx, async () => void (ctx.body = userJson(ctx.state.user as AuthenticatedUser | undefined)));
      if (ctx.method === "GET" && ctx.path === "/page") return page(ctx, async () => void ((ctx.type = "html"), (ctx.body = PAGE)));
      if (ctx.method === "GET" && ctx.path === "/hello") return void (ctx.body = "hello from the host");
      if (ctx.method === "POST" && ctx.path === "/hello") return void (ctx.body = { host: true, body: (ctx.request as { body?: unknown }).body ?? null });
      return next();
    });
    return listen(createServer(app.callback()), () => auth.close());
  };
}

/** Node http with `.handle` and `.requireAuth` (the plain listener form is tested on its own). */
export const nodeFactory: ServerFactory = async (options, setup = {}) => {
  const auth = nodeAuth({ ...options, basePath: setup.basePath ?? "/auth" });
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { "content-type": type }).end(body);
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (await auth.handle(req, res)) return;
    const path = new URL(req.url ?? "/", "http://host").pathname;
    if (req.method === "GET" && (path === "/api/me" || path === "/api/tamper")) {
      const user = await auth.requireAuth(req, res);
      if (user) send(res, 200, "application/json", JSON.stringify(path === "/api/me" ? userJson(user) : tamper(user)));
      return;
    }
    const extra = req.method === "GET" ? GUARDED[path] : undefined;
    if (extra) {
      const user = await auth.requireAuth(req, res, extra);
      if (!res.headersSent) send(res, 200, "application/json", JSON.stringify(userJson(user)));
      return;
    }
    if (req.method === "GET" && path === "/page") {
      const user = await auth.requireAuth(req, res, { redirectTo: "/login" });
      if (user) send(res, 200, "text/html", PAGE);
      return;
    }
    if (path === "/hello") {
      if (req.method === "GET") return send(res, 200, "text/plain", "hello from the host");
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString("utf8");
      return send(res, 200, "application/json", JSON.stringify({ host: true, body: text ? JSON.parse(text) : null }));
    }
    send(res, 404, "text/plain", "not found");
  });
  return listen(server, () => auth.close());
};

/** The plain `createServer(nodeAuth(options))` form: auth routes, and 404 for the rest. */
export const nodeListenerFactory: ServerFactory = async (options) => {
  const auth = nodeAuth(options);
  return listen(createServer(auth), () => auth.close());
};

export const express5Factory = expressFactory(express);
export const express4Factory = expressFactory(express4);
export const koa3Factory = koaFactory(Koa);
export const koa2Factory = koaFactory(Koa2);

/** Listens on a free loopback port; close() also drops kept-alive connections. */
function listen(server: Server, closeAuth: () => Promise<void>): Promise<ContractServer> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        async close() {
          server.closeAllConnections();
          await new Promise<void>((done) => server.close(() => done()));
          await closeAuth();
        },
      });
    });
  });
}
