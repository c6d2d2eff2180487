import type { z } from "zod";
import type { AuthResponse } from "./auth-http.js";
import type { AuthServices, RouteContext } from "./route-context.js";

type Handler<Body> = (services: AuthServices, context: RouteContext, body: Body) => Promise<AuthResponse>;

/**
 * One route, declared in one place: its path below the mount point, its method, the schema of
 * its JSON body and its handler. The core finds it by path, checks the method, the origin and
 * the media type, parses the body with the schema (INVALID_REQUEST before any work), and only
 * then calls the handler with the parsed body.
 */
export type Endpoint =
  | { readonly path: string; readonly method: "POST"; readonly body: z.ZodType; readonly handle: Handler<never> }
  | { readonly path: string; readonly method: "GET"; readonly handle: Handler<undefined> };

export function defineEndpoint<Schema extends z.ZodType>(spec: { path: string; method: "POST"; body: Schema; handle: Handler<z.output<Schema>> }): Endpoint;
export function defineEndpoint(spec: { path: string; method: "GET"; handle: Handler<undefined> }): Endpoint;
export function defineEndpoint(spec: Endpoint): Endpoint {
  return Object.freeze({ ...spec });
}
