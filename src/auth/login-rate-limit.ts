import { createHash } from 'node:crypto';
import type { Cache } from '../cache/cache.ts';
import { RateLimitExceededError } from '../errors/index.ts';

/** Failed sign-ins allowed per user in one window, unless `rate_limit_login` says otherwise. */
export const defaultLoginFailureLimit = 10;
/** The window, in seconds (Frappe locks an account for 5 minutes after too many failures). */
export const loginFailureWindow = 300;
/**
 * One client address may fail this many times the per-user limit in a window (across every user it tries):
 * room for an office behind one address, none for spraying passwords over many accounts.
 */
export const addressFailureFactor = 5;

/** What is being signed in with: a password (login) or an API key (each request of a token client). */
export type SignInKind = 'login' | 'token';

/**
 * Limits sign-in attempts in a fixed window, on two counts (as Frappe's login attempt trackers): per account,
 * whatever address the attempts claim to come from (so rotating `X-Forwarded-For` gains nothing), and per client
 * address across accounts. The account is the resolved user name (`Administrator` and its email are one account)
 * or, for a password login naming no user, what was typed; for a token, the API key. Every check of a secret counts
 * on its account before it runs (parallel guesses cannot slip past a read-then-write check) and a success clears
 * that count, so what accumulates there is failures (token requests presenting the same pair together share one
 * check, so they count once: see token-sign-in.ts); an address counts its failures only (an office behind
 * one address signs in many times a morning). Over either limit, the attempt is refused with 429 before its
 * secret is checked.
 */
export class LoginRateLimiter {
  readonly #cache: Cache;

  constructor(cache: Cache) {
    this.#cache = cache;
  }

  /**
   * Counts an attempt on its account; throws RateLimitExceededError when the account or the address is over its
   * limit. Without `ip` (a caller that cannot tell clients apart, such as the websocket service behind the router)
   * only the account counts.
   */
  async attempt(
    site: string,
    kind: SignInKind,
    ip: string | undefined,
    account: string,
    limit: number,
  ): Promise<void> {
    const [byAccount] = await Promise.all([
      this.#cache.incr(accountKey(site, kind, account), loginFailureWindow),
      this.checkAddress(site, kind, ip, limit),
    ]);
    if (byAccount > limit) throw tooMany(kind);
  }

  /** Throws RateLimitExceededError when the address failed too often; counts nothing. */
  async checkAddress(site: string, kind: SignInKind, ip: string | undefined, limit: number): Promise<void> {
    if (ip === undefined) return;
    const byAddress = await this.#cache.get(addressKey(site, kind, ip));
    if (Number(byAddress ?? 0) >= limit * addressFailureFactor) throw tooMany(kind);
  }

  /** The attempt's secret was wrong: counts a failure of its address. */
  async failed(site: string, kind: SignInKind, ip: string | undefined): Promise<void> {
    if (ip !== undefined) await this.#cache.incr(addressKey(site, kind, ip), loginFailureWindow);
  }

  /** A successful sign-in starts the account's count afresh. */
  async succeeded(site: string, kind: SignInKind, account: string): Promise<void> {
    await this.#cache.del(accountKey(site, kind, account));
  }
}

function tooMany(kind: SignInKind): RateLimitExceededError {
  const minutes = Math.ceil(loginFailureWindow / 60);
  return new RateLimitExceededError(
    kind === 'login'
      ? `Too many failed login attempts. Try again in ${minutes} minutes.`
      : `Too many failed authorization attempts. Try again in ${minutes} minutes.`,
  );
}

// What the client typed ends up in keys: hash it so the key stays short and inert.
function accountKey(site: string, kind: SignInKind, account: string): string {
  return `${site}|${kind}-failures|user|${digest(account.trim().toLowerCase())}`;
}

function addressKey(site: string, kind: SignInKind, ip: string): string {
  return `${site}|${kind}-failures|ip|${digest(ip)}`;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}
