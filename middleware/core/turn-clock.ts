import { systemClock, type Clock } from "../../shared/runtime/clock.js";

// Captured at load, so fake timers installed later cannot leave a turn's time standing.
const nextTurn = setImmediate;
let turnNow: number | undefined;
const endTurn = () => {
  turnNow = undefined;
};

/**
 * The system clock read at most once per event-loop turn: the first reading is returned to
 * every later one until the immediates queued after it have run, so a reading is at most about
 * one turn of the loop old (Node's timers, too, go by the loop's time). For checks on every guarded request,
 * where reading the system clock afresh is, with the caches a server's request leaves cold, one
 * of the dearest things the guard did (docs/performance.md). Never for times that are written
 * down, such as a sign-out's cut-off: those read the clock itself.
 */
export const turnClock: Clock = {
  now() {
    if (turnNow === undefined) {
      turnNow = Date.now();
      nextTurn(endTurn);
    }
    return turnNow;
  },
};

/** `turnClock` in place of the system clock; any other clock (a test's) is used as it is. */
export function perRequestClock(clock: Clock): Clock {
  return clock === systemClock ? turnClock : clock;
}
