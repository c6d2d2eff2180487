import type { RedisPort } from "../stores/redis-port.js";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { ipLimitKey } from "../core/client-ip.js";
import type { RateLimit } from "../core/options.js";
import { MemoryAliasMap, RedisAliasMap, type AliasMap } from "./alias-map.js";
import { createLimiter, rateLimited, readLimit, take, type Reservation } from "./limiter.js";

export type { Reservation } from "./limiter.js";

export interface RateLimitSettings {
  wrongCodesPerAccount: RateLimit;
  codesSentPerAccount: RateLimit;
  signInsPerIp: RateLimit;
}

/**
 * Whose budget a request spends. `named`: the Cognito user, by the username Cognito returned
 * (USER_ID_FOR_SRP / USERNAME, or the access token's `username`) — the same for every name
 * the user signs in with. Otherwise the exact name typed (never folded: a name Cognito keeps
 * apart is another account), which limits sign-ins before Cognito has named the user.
 */
export interface Account {
  key: string;
  named: boolean;
}

/**
 * The product's abuse limits on rate-limiter-flexible: in memory for one process, in Redis
 * when instances share the load. Every limit is taken (an atomic consume in the backend)
 * before the Cognito call it limits and refunded when the call turned out not to count, so N
 * concurrent requests count N at once and none squeezes past. Backend failures fail closed (503).
 */
export class RateLimits {
  private readonly signIns: RateLimiterAbstract;
  private readonly codesSent: RateLimiterAbstract;
  private readonly wrongCodes: RateLimiterAbstract;
  private readonly aliases: AliasMap;

  constructor(settings: RateLimitSettings, redis?: RedisPort, aliases?: AliasMap) {
    const make = (keyPrefix: string, limit: RateLimit) => createLimiter(keyPrefix, limit, redis);
    this.signIns = make("sign-in-ip", settings.signInsPerIp);
    this.codesSent = make("codes-sent", settings.codesSentPerAccount);
    this.wrongCodes = make("wrong-codes", settings.wrongCodesPerAccount);
    this.aliases = aliases ?? (redis ? new RedisAliasMap(redis) : new MemoryAliasMap());
  }

  /** Takes a sign-in from the client's bucket (an IPv4 address, an IPv6 /64); RATE_LIMITED past the limit. */
  takeSignIn(ip: string): Promise<Reservation> {
    return take(this.signIns, ipLimitKey(ip));
  }

  /**
   * The accounts a sign-in under `signInName` spends before Cognito is asked: always the exact
   * name typed (it bounds what any one name can cost before Cognito names its user, even for
   * requests racing the first answer), and the Cognito user once a sign-in under this very name
   * has been named by Cognito. (With USER_SRP_AUTH Cognito names the user in its first answer,
   * before any code is sent: that flow can take the code from `accountOfUser` alone.)
   */
  async accountsOf(signInName: string): Promise<Account[]> {
    const typed: Account = { key: `name:${signInName}`, named: false };
    const cognitoUsername = await this.aliases.lookup(signInName);
    return cognitoUsername === undefined ? [typed] : [typed, this.accountOfUser(cognitoUsername)];
  }

  /** The account of the user Cognito named. */
  accountOfUser(cognitoUsername: string): Account {
    return { key: `user:${cognitoUsername}`, named: true };
  }

  /** Remembers, from Cognito's answer to a right password, which user `signInName` is. */
  async learnAlias(signInName: string, cognitoUsername: string): Promise<void> {
    await this.aliases.learn(signInName, cognitoUsername);
  }

  /** Refuses an account that has used up its wrong codes (a new sign-in could only feed it more). */
  async assertMayAnswer(account: Account): Promise<void> {
    const state = await readLimit(this.wrongCodes, account.key);
    if (state && state.remainingPoints <= 0) throw rateLimited(state.msBeforeNext);
  }

  /** Takes one wrong code from the account before a code is checked; refund it when the code was right or not judged. */
  takeWrongCode(account: Account): Promise<Reservation> {
    return take(this.wrongCodes, account.key);
  }

  /** Wrong codes the account may still send in this window (for `attemptsLeft`); the limit's points when none were spent. */
  async wrongCodesLeft(account: Account): Promise<number> {
    const state = await readLimit(this.wrongCodes, account.key);
    return state ? Math.max(0, state.remainingPoints) : this.wrongCodes.points;
  }

  /** Takes one code from each account's budget before Cognito may send one (all or none); refund it when none was sent. */
  async takeCode(...accounts: Account[]): Promise<Reservation> {
    const taken: Reservation[] = [];
    try {
      for (const account of accounts) taken.push(await take(this.codesSent, account.key));
    } catch (error) {
      await Promise.all(taken.map((reservation) => reservation.refund()));
      throw error;
    }
    return { refund: async () => void (await Promise.all(taken.map((reservation) => reservation.refund()))) };
  }
}

