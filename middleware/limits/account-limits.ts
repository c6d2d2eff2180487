import type { RedisPort as Redis } from "../stores/redis-port.js";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { ipLimitKey } from "../core/client-ip.js";
import type { RateLimit } from "../core/options.js";
import { createLimiter, take, type Reservation } from "./limiter.js";
import type { Account, RateLimits } from "./rate-limits.js";

export interface AccountLimitSettings {
  codesSentPerIp: RateLimit;
  wrongCodesPerIp: RateLimit;
}

/**
 * The limits of the account routes (sign-up, reset, attributes, TOTP set-up). The per-account
 * budgets are the very ones sign-in spends (`RateLimits`: codes sent, wrong codes), so a code
 * is a code whichever route sent it; the per-IP budgets are the account routes' own. Like every
 * limit here, each point is taken before the Cognito call and given back when it did not count.
 */
export class AccountLimits {
  private readonly codesPerIp: RateLimiterAbstract;
  private readonly wrongCodesPerIp: RateLimiterAbstract;

  constructor(
    private readonly accounts: RateLimits,
    settings: AccountLimitSettings,
    redis?: Redis,
  ) {
    this.codesPerIp = createLimiter("account-codes-ip", settings.codesSentPerIp, redis);
    this.wrongCodesPerIp = createLimiter("account-wrong-codes-ip", settings.wrongCodesPerIp, redis);
  }

  /**
   * The accounts a request without a session spends, given only the name typed. Cognito names
   * no user on these calls (SignUp, ForgotPassword, ConfirmSignUp… answer no username), so the
   * name is the best available: the exact name (the budget sign-in under that name spends), the
   * Cognito user when a sign-in under this name has already been named by Cognito (the alias
   * map), and the name case-folded, so "ADA@x" and "ada@x" cannot each get a fresh budget in a
   * case-insensitive pool. Folding merges nothing an attacker could not already spend: these
   * routes need no password. An unknown name spends the same budgets as a known one, so a 429
   * does not tell who exists either.
   */
  async accountsOfName(typedName: string): Promise<Account[]> {
    const accounts = await this.accounts.accountsOf(typedName);
    const folded: Account = { key: `folded:${typedName.normalize("NFKC").trim().toLowerCase()}`, named: false };
    return [...accounts, folded];
  }

  /** The account of a signed-in user: the verified access token's `username`. */
  accountOfUser(cognitoUsername: string): Account {
    return this.accounts.accountOfUser(cognitoUsername);
  }

  /**
   * Takes `count` codes from the client's IP budget and from every account's codes-sent budget
   * (all or none) before Cognito may send them. Refund one per code that was not sent.
   */
  async takeCodesSent(ip: string, accounts: Account[], count = 1): Promise<Reservation[]> {
    const taken: Reservation[] = [];
    try {
      for (let index = 0; index < count; index += 1) {
        const perIp = await take(this.codesPerIp, ipLimitKey(ip));
        taken.push(perIp);
        const perAccount = await this.accounts.takeCode(...accounts);
        taken[taken.length - 1] = all([perIp, perAccount]);
      }
    } catch (error) {
      await Promise.all(taken.map((reservation) => reservation.refund()));
      throw error;
    }
    return taken;
  }

  /** What `attemptsLeft` says after a wrong code: the fewest wrong codes any of the accounts has left. */
  async wrongCodesLeft(accounts: Account[]): Promise<number> {
    const left = await Promise.all(accounts.map((account) => this.accounts.wrongCodesLeft(account)));
    return Math.min(...left);
  }

  /**
   * Takes one wrong code from the client's IP budget and from every account's wrong-code budget
   * (all or none) before Cognito checks a code. Refund it unless Cognito said CODE_MISMATCH.
   */
  async takeWrongCode(ip: string, accounts: Account[]): Promise<Reservation> {
    const taken: Reservation[] = [];
    try {
      taken.push(await take(this.wrongCodesPerIp, ipLimitKey(ip)));
      for (const account of accounts) taken.push(await this.accounts.takeWrongCode(account));
    } catch (error) {
      await Promise.all(taken.map((reservation) => reservation.refund()));
      throw error;
    }
    return all(taken);
  }
}

function all(reservations: Reservation[]): Reservation {
  return { refund: async () => void (await Promise.all(reservations.map((reservation) => reservation.refund()))) };
}
