import express, { type Express } from "express";
import { expressAuth, type ExpressAuth } from "../middleware/adapters/express.js";
import type { AuthOptions } from "../middleware/core/options.js";

export interface DemoAppOptions {
  auth: AuthOptions;
  /** Folder of the built login page; omitted, a plain notice is served at /. */
  staticDir?: string;
}

/** The demo: the middleware at /auth, one protected API route, and the login page. */
export function createDemoApp(options: DemoAppOptions): { app: Express; auth: ExpressAuth } {
  const app = express();
  app.disable("x-powered-by");
  if (options.auth.trustProxy) app.set("trust proxy", options.auth.trustProxy);
  const auth = expressAuth(options.auth);
  app.use("/auth", auth);
  app.get("/api/me", auth.requireAuth(), (req, res) => {
    res.set("cache-control", "no-store").json({ user: { sub: req.user!.sub, username: req.user!.username, email: req.user!.email ?? null }, servedAt: new Date().toISOString() });
  });
  if (options.staticDir) {
    // The signed-in page: the same single page, but a signed-out browser is sent to the login page.
    app.get("/account", auth.requireAuth({ redirectTo: "/" }), (_req, res) => {
      res.set("cache-control", "no-store").sendFile("index.html", { root: options.staticDir! });
    });
    app.use(express.static(options.staticDir, { index: "index.html" }));
  } else {
    app.get("/", (_req, res) => {
      res.type("text/plain").send("cognito-mfa-kit demo: the routes are at /auth (POST /auth/sign-in, /auth/confirm-sign-in, /auth/refresh, /auth/sign-out; GET /auth/session).\n");
    });
  }
  return { app, auth };
}
