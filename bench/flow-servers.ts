import express from "express";
import { expressAuth, type ExpressAuth } from "../middleware/adapters/express.js";
import { silentLogger } from "../shared/runtime/logger.js";
import { GENEROUS_LIMITS } from "./generous-limits.js";
import { handWrittenRoutes } from "./hand-written-routes.js";
import { listenLoopback } from "./listen.js";

/** A Cognito endpoint and the app client both servers call it with. */
export interface FlowTarget {
  region: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  endpoint: string;
}

/**
 * Section 1's two servers on loopback: Express with `expressAuth` at /auth, and the two
 * hand-written routes, both calling `target`. The middleware runs USER_PASSWORD_AUTH, like for
 * like with the hand-written and direct paths (SRP's client maths is section 7's row), so what
 * differs is its own work; limits raised (every request comes from 127.0.0.1), logger silent.
 */
export async function startFlowServers(target: FlowTarget): Promise<{ auth: ExpressAuth; middlewareBase: string; handWrittenBase: string; close(): Promise<void> }> {
  const auth = expressAuth({
    cognito: { region: target.region, userPoolId: target.userPoolId, clientId: target.clientId, clientSecret: target.clientSecret, endpoint: target.endpoint },
    limits: GENEROUS_LIMITS,
    logger: silentLogger,
    authFlow: "USER_PASSWORD_AUTH",
  });
  const app = express();
  app.use("/auth", auth);
  const middleware = await listenLoopback(app);
  const handWritten = handWrittenRoutes(target);
  const handWrittenHttp = await listenLoopback(handWritten.app);
  return {
    auth,
    middlewareBase: middleware.base,
    handWrittenBase: handWrittenHttp.base,
    async close() {
      handWritten.client.destroy();
      await middleware.close();
      await handWrittenHttp.close();
      await auth.core.close();
    },
  };
}
