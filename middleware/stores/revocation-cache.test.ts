import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../shared/runtime/clock.js";
import { RevocationCache, type CacheAnswer } from "./revocation-cache.js";
import { revocationKey } from "./revocation-list.js";

// The local copy of the shared sign-outs: when it may answer without Redis, and every way it
// learns that it must not (a closed connection, a sequence gap, silence).

const settings = { heartbeatMs: 100, silentAfterMs: 300, maxAgeMs: 5000, maxEntries: 1000 };
const token = { sessionId: "session-1", sub: "user-1", authTimeSeconds: 1_000 };
const notRevoked = { sessionTtlMs: -2, userCutOffMs: undefined };

/** A cache that has heard one heartbeat (its subscription works) and checked `token` with Redis once. */
function warmCache(clock = new ManualClock()) {
  const cache = new RevocationCache(clock, settings);
  cache.receive(cache.heartbeatMessage());
  const first = cache.check(token);
  assert.ok("ask" in first, "an unknown session is asked of Redis");
  assert.equal(cache.remember(token, first.ask, first.generation, notRevoked), false);
  assert.deepEqual(cache.check(token), { revoked: false }, "then answered locally");
  return { cache, clock };
}

const asks = (answer: CacheAnswer) => "ask" in answer;

test("a sign-out message from another instance is refused locally at once", () => {
  const { cache } = warmCache();
  const other = new RevocationCache(new ManualClock(), settings);
  cache.receive(other.sessionMessage(revocationKey(token.sessionId), Date.now() + 60_000));
  assert.deepEqual(cache.check(token), { revoked: true });
});

test("a global sign-out message refuses sessions signed in up to its cut-off, not later ones", () => {
  const { cache, clock } = warmCache();
  const other = new RevocationCache(clock, settings);
  cache.receive(other.userMessage(revocationKey(token.sub), token.authTimeSeconds * 1000 + 500));
  assert.deepEqual(cache.check(token), { revoked: true });
  assert.ok(asks(cache.check({ ...token, sessionId: "later", authTimeSeconds: token.authTimeSeconds + 1 })));
});

test("with no subscription heard yet, every check asks Redis, and no answer is kept", () => {
  const cache = new RevocationCache(new ManualClock(), settings);
  const answer = cache.check(token);
  assert.ok("ask" in answer);
  cache.remember(token, answer.ask, answer.generation, notRevoked);
  assert.ok(asks(cache.check(token)));
});

test("a lost connection forgets every cached answer until messages flow again", () => {
  const { cache } = warmCache();
  cache.lost();
  const answer = cache.check(token);
  assert.ok("ask" in answer);
  cache.remember(token, answer.ask, answer.generation, notRevoked);
  assert.ok(asks(cache.check(token)), "not kept while nothing has been heard since the loss");
  cache.receive(cache.heartbeatMessage());
  const again = cache.check(token);
  assert.ok("ask" in again);
  cache.remember(token, again.ask, again.generation, notRevoked);
  assert.deepEqual(cache.check(token), { revoked: false });
});

test("an answer asked before a loss is not kept after it (the sign-out may have been the lost message)", () => {
  const clock = new ManualClock();
  const cache = new RevocationCache(clock, settings);
  cache.receive(cache.heartbeatMessage());
  const answer = cache.check(token);
  assert.ok("ask" in answer);
  cache.lost();
  cache.receive(cache.heartbeatMessage());
  cache.remember(token, answer.ask, answer.generation, notRevoked);
  assert.ok(asks(cache.check(token)));
});

test("an answer asked while not live is not kept, even if messages flow again before it arrives", () => {
  const clock = new ManualClock();
  const cache = new RevocationCache(clock, settings);
  const answer = cache.check(token); // nothing heard yet: a sign-out may be being missed right now
  assert.ok("ask" in answer);
  cache.receive(cache.heartbeatMessage());
  cache.remember(token, answer.ask, answer.generation, notRevoked);
  assert.ok(asks(cache.check(token)));
});

test("a sign-out that arrives while Redis's older 'not signed out' is in flight still wins", () => {
  const clock = new ManualClock();
  const cache = new RevocationCache(clock, settings);
  const other = new RevocationCache(clock, settings);
  cache.receive(cache.heartbeatMessage());
  const answer = cache.check(token);
  assert.ok("ask" in answer);
  cache.receive(other.sessionMessage(revocationKey(token.sessionId), clock.now() + 60_000));
  assert.equal(cache.remember(token, answer.ask, answer.generation, notRevoked), true);
  assert.deepEqual(cache.check(token), { revoked: true });
});

test("a gap in a publisher's sequence (a missed message) forgets every cached answer", () => {
  const { cache, clock } = warmCache();
  const other = new RevocationCache(clock, settings);
  cache.receive(other.heartbeatMessage()); // 1: first heard from the start
  assert.deepEqual(cache.check(token), { revoked: false }, "a new publisher at sequence 1 is no gap");
  other.sessionMessage(revocationKey("someone-else"), clock.now() + 60_000); // 2: never arrives
  cache.receive(other.heartbeatMessage()); // 3
  assert.ok(asks(cache.check(token)));
});

test("a publisher first heard mid-sequence while live counts as a gap; its messages before are unknown", () => {
  const { cache, clock } = warmCache();
  const other = new RevocationCache(clock, settings);
  other.heartbeatMessage();
  cache.receive(other.heartbeatMessage()); // 2, first heard
  assert.ok(asks(cache.check(token)));
});

test("silence longer than silentAfterMs (a half-open connection) stops local answers", () => {
  const { cache, clock } = warmCache();
  clock.advance(settings.silentAfterMs - 1);
  assert.deepEqual(cache.check(token), { revoked: false });
  clock.advance(1);
  assert.ok(asks(cache.check(token)));
  cache.tick();
  cache.receive(cache.heartbeatMessage());
  assert.ok(asks(cache.check(token)), "the tick counted the silence as a loss: answers from before it are gone");
});

test("a cached answer is reused at most maxAgeMs, even with messages flowing", () => {
  const { cache, clock } = warmCache();
  for (let elapsed = 0; elapsed < settings.maxAgeMs; elapsed += 200) {
    clock.advance(200);
    cache.receive(cache.heartbeatMessage());
  }
  assert.ok(asks(cache.check(token)));
});

test("malformed messages are ignored and do not count as heard", () => {
  const cache = new RevocationCache(new ManualClock(), settings);
  for (const text of ["", "h", "h|x|0", "h|x|-1", "h|x|1.5", "s|x|abc|hash|1"]) cache.receive(text);
  assert.equal(cache.live, false);
  cache.receive("s|x|1|hash|not-a-number");
  assert.equal(cache.size, 0, "no entry from a message without a time");
});

test("bounded: past maxEntries the oldest sign-outs go, and cached answers with them", () => {
  const clock = new ManualClock();
  const cache = new RevocationCache(clock, { ...settings, maxEntries: 10 });
  cache.receive(cache.heartbeatMessage());
  const answer = cache.check(token);
  assert.ok("ask" in answer);
  cache.remember(token, answer.ask, answer.generation, notRevoked);
  for (let i = 0; i < 50; i += 1) cache.receive(cache.sessionMessage(revocationKey(`s${i}`), clock.now() + 60_000));
  assert.ok(cache.size <= 11, `${cache.size} entries`);
  assert.ok(asks(cache.check(token)), "a forgotten sign-out might have been this session's: ask Redis");
});

test("a kept answer belongs to its check: a copy, which may name another session, is asked afresh", () => {
  const { cache } = warmCache();
  assert.deepEqual(cache.check(token), { revoked: false });
  assert.ok(asks(cache.check({ ...token, sessionId: "never-asked", sub: "someone-else" })));
  assert.deepEqual(cache.check({ ...token }), { revoked: false }, "an exact copy names the same session: answered from the cached answer, looked up");
});

test("a user cut-off learnt from Redis's answer for another session refuses a kept answer", () => {
  const { cache } = warmCache();
  assert.deepEqual(cache.check(token), { revoked: false }, "kept");
  const sibling = { ...token, sessionId: "session-2", cleanMark: undefined, cleanFor: undefined };
  const question = cache.check(sibling);
  assert.ok("ask" in question);
  assert.equal(cache.remember(sibling, question.ask, question.generation, { sessionTtlMs: -2, userCutOffMs: token.authTimeSeconds * 1000 }), true);
  assert.deepEqual(cache.check(token), { revoked: true });
});

test("a frozen check is answered, not kept", () => {
  const { cache } = warmCache();
  const frozen = Object.freeze({ sessionId: token.sessionId, sub: token.sub, authTimeSeconds: token.authTimeSeconds });
  assert.deepEqual(cache.check(frozen), { revoked: false });
  assert.deepEqual(cache.check(frozen), { revoked: false });
});
