import { randomHex } from "../crypto/random-pool.js";
import type { Clock } from "../../shared/runtime/clock.js";
import type { Logger } from "../../shared/runtime/logger.js";
import { HOOK_OF, type AuthEvent, type AuthEventHook, type AuthEventHooks, type AuthEventType } from "./auth-event.js";

/** Where an event happened: one request's facts. */
export interface EventOrigin {
  requestId?: string;
  ip: string;
  userAgent?: string | null;
  path?: string;
}

/** What the emitter copies into a record: these fields and no others. */
export type EventFacts = Partial<Pick<AuthEvent, "username" | "sub" | "signInName" | "step" | "code" | "global">>;

export interface AuthEvents {
  /** False when the host passed no hooks: callers may skip work that only feeds events. */
  readonly enabled: boolean;
  /**
   * Sends a record to the hooks after the current answer, never delaying it. `facts` may be a
   * function (e.g. one that verifies a token for `sub`); it runs under the same time bound.
   */
  emit(type: AuthEventType, origin: EventOrigin, facts?: EventFacts | (() => Promise<EventFacts>)): void;
  /** Waits for hooks still running, each at most the time bound (graceful shutdown, tests). */
  settled(): Promise<void>;
}

const MAX_IN_FLIGHT = 1000;
const MAX_TEXT = 256;
const FACT_KEYS = ["username", "sub", "signInName", "step", "code", "global"] as const;

/**
 * Fire-and-forget with a bound: hooks run on a later turn of the event loop (after the adapter
 * has written the answer), a hook that throws or rejects is logged, one that hangs is logged
 * after `timeoutMs` and no longer tracked, and at most 1000 records are in flight (further ones
 * are dropped and logged), so a stuck audit sink can neither slow sign-ins nor grow the heap.
 */
export function createAuthEvents(hooks: AuthEventHooks | undefined, deps: { clock: Clock; logger: Logger }): AuthEvents {
  const timeoutMs = hooks?.timeoutMs ?? 2000;
  const enabled = hooks !== undefined && Object.entries(hooks).some(([key, value]) => key !== "timeoutMs" && typeof value === "function");
  const inFlight = new Set<Promise<void>>();
  let droppedLogged = false;

  function emit(type: AuthEventType, origin: EventOrigin, facts?: EventFacts | (() => Promise<EventFacts>)): void {
    if (!enabled || !hooks) return;
    const own = hooks[HOOK_OF[type]] as AuthEventHook | undefined;
    if (!own && !hooks.onEvent) return;
    if (inFlight.size >= MAX_IN_FLIGHT) {
      if (!droppedLogged) deps.logger.warn("events.dropped", { type, reason: "too many hooks still running" });
      droppedLogged = true;
      return;
    }
    const at = new Date(deps.clock.now()).toISOString();
    const run = bounded(type, async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const record = recordOf(type, at, origin, typeof facts === "function" ? await facts() : facts);
      for (const hook of [own, hooks.onEvent]) {
        if (!hook) continue;
        try {
          await hook(Object.freeze({ ...record }));
        } catch (error) {
          deps.logger.error("events.hook-failed", { type, error: error instanceof Error ? error.name : typeof error });
        }
      }
    });
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  }

  function bounded(type: AuthEventType, work: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        deps.logger.warn("events.hook-timeout", { type, timeoutMs });
        resolve();
      }, timeoutMs);
      timer.unref();
      work().then(
        () => (clearTimeout(timer), resolve()),
        (error: unknown) => {
          clearTimeout(timer);
          deps.logger.error("events.hook-failed", { type, error: error instanceof Error ? error.name : typeof error });
          resolve();
        },
      );
    });
  }

  return {
    enabled,
    emit,
    async settled() {
      // Each hook's timer is unref'd (a hanging hook never holds a server open); whoever waits
      // here (close(), a test) holds the loop open until every hook has ended or timed out.
      const keepAlive = setInterval(() => {}, 1000);
      try {
        while (inFlight.size) await Promise.all([...inFlight]);
      } finally {
        clearInterval(keepAlive);
      }
    },
  };
}

function recordOf(type: AuthEventType, at: string, origin: EventOrigin, facts: EventFacts = {}): AuthEvent {
  const record: AuthEvent = { type, at, requestId: origin.requestId ?? randomHex(8), ip: origin.ip };
  const userAgent = text(origin.userAgent);
  if (userAgent) record.userAgent = userAgent;
  const path = text(origin.path);
  if (path) record.path = path;
  for (const key of FACT_KEYS) {
    const value = facts[key];
    if (typeof value === "boolean") (record as unknown as Record<string, unknown>)[key] = value;
    else if (typeof value === "string" && value) (record as unknown as Record<string, unknown>)[key] = text(value);
  }
  return record;
}

function text(value: string | null | undefined): string | undefined {
  return value ? value.slice(0, MAX_TEXT) : undefined;
}
