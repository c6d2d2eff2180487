import type { IncomingMessage, ServerResponse } from "node:http";

// The adapters' public signatures, written against Node's own types instead of @types/express
// and @types/koa: the package's typings then compile in any strict TS app (skipLibCheck off),
// whichever framework it uses. Express and Koa accept these as their own middleware.

/** Express's `next`: called with an error, or with nothing to go on. */
export type ExpressNext = (error?: unknown) => void;

/** An Express middleware (`app.use`, a route handler): Express's Request and Response fit. */
export type ExpressHandler = (req: IncomingMessage, res: ServerResponse, next: ExpressNext) => void;

/** The part of Koa's context the adapter uses; Koa's `Context` fits it. */
export interface KoaContextLike {
  req: IncomingMessage;
  request: object;
  readonly path: string;
  readonly method: string;
  state: Record<string, unknown>;
  status: number;
  body: unknown;
  type: string;
  get(field: string): string;
  set(field: string, value: string): void;
  append(field: string, value: string | string[]): void;
  redirect(url: string): void;
}

/** A Koa middleware: `app.use(middleware)`. */
export type KoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;
