import { systemClock, type Clock } from "../../shared/runtime/clock.js";
import { lua, type RedisPort } from "./redis-port.js";
import { redisCall } from "./redis-unavailable.js";

/** Cognito's sign-up session, kept server-side between sign-up and confirm-sign-up (never in a body or cookie). */
export interface SignUpSession {
  /** The name the sign-up was made under: the session is used only to confirm that name. */
  username: string;
  session: string;
}

/**
 * Where sign-up sessions wait for their confirmation code, under an opaque random id that only
 * the browser's HttpOnly cookie carries. The session alone signs nobody in: Cognito needs the
 * code too (ConfirmSignUp), and answers a new, single-use session for the sign-in.
 */
export interface SignUpSessionStore {
  put(id: string, entry: SignUpSession, expiresAtMs: number): Promise<void>;
  get(id: string): Promise<SignUpSession | undefined>;
  delete(id: string): Promise<void>;
}

const MEMORY_LIMIT = 10_000;

/** One process. Bounded: past 10,000 pending sign-ups the oldest goes (it then needs the password). */
export class MemorySignUpSessionStore implements SignUpSessionStore {
  private readonly entries = new Map<string, SignUpSession & { expiresAtMs: number }>();

  constructor(private readonly clock: Clock = systemClock) {}

  async put(id: string, entry: SignUpSession, expiresAtMs: number): Promise<void> {
    if (this.entries.size >= MEMORY_LIMIT) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { ...entry, expiresAtMs });
  }

  async get(id: string): Promise<SignUpSession | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.clock.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return { username: entry.username, session: entry.session };
  }

  async delete(id: string): Promise<void> {
    this.entries.delete(id);
  }
}

// One key each; the expiry is Redis's own (PXAT).
const PUT = lua("redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2]) return 1");
const GET = lua("return redis.call('GET', KEYS[1])");

/** Shared by every instance; expiry on Redis's own clock (PXAT). Redis down: 503, as every store. */
export class RedisSignUpSessionStore implements SignUpSessionStore {
  constructor(private readonly redis: RedisPort) {}

  async put(id: string, entry: SignUpSession, expiresAtMs: number): Promise<void> {
    await redisCall(() => this.redis.run(PUT, [key(id)], [JSON.stringify(entry), expiresAtMs]));
  }

  async get(id: string): Promise<SignUpSession | undefined> {
    const value = await redisCall(() => this.redis.run(GET, [key(id)], []));
    if (typeof value !== "string") return undefined;
    const parsed = JSON.parse(value) as Partial<SignUpSession>;
    return typeof parsed.username === "string" && typeof parsed.session === "string" ? { username: parsed.username, session: parsed.session } : undefined;
  }

  async delete(id: string): Promise<void> {
    await redisCall(() => this.redis.del(key(id)));
  }
}

function key(id: string): string {
  return `cmk:sign-up:{${id}}`;
}

