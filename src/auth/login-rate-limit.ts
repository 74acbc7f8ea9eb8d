import { createHash } from 'node:crypto';
import type { Cache } from '../cache/cache.ts';
import { RateLimitExceededError } from '../errors/index.ts';

/** Failed logins allowed per (client address, user) in one window, unless `rate_limit_login` says otherwise. */
export const defaultLoginFailureLimit = 10;
/** The window, in seconds (Frappe locks an account for 5 minutes after too many failures). */
export const loginFailureWindow = 300;

/**
 * Limits login attempts per (client address, user name) in a fixed window with `cache.incr`. Every
 * attempt counts before its password is checked (so parallel guesses cannot slip past a read-then-write
 * check) and a successful login clears the count, so what accumulates is failures. Once the count is over
 * the limit, the attempt is refused with 429 without checking the password.
 */
export class LoginRateLimiter {
  readonly #cache: Cache;

  constructor(cache: Cache) {
    this.#cache = cache;
  }

  /** Counts an attempt; throws RateLimitExceededError when `limit` failures already happened in the window. */
  async attempt(site: string, ip: string, user: string, limit: number): Promise<void> {
    const count = await this.#cache.incr(key(site, ip, user), loginFailureWindow);
    if (count > limit) {
      throw new RateLimitExceededError(
        `Too many failed login attempts. Try again in ${Math.ceil(loginFailureWindow / 60)} minutes.`,
      );
    }
  }

  /** A successful login starts the count afresh. */
  async succeeded(site: string, ip: string, user: string): Promise<void> {
    await this.#cache.del(key(site, ip, user));
  }
}

// The user part is whatever the client typed: hash it so the key stays short and inert.
function key(site: string, ip: string, user: string): string {
  const who = createHash('sha256').update(`${ip}\n${user.trim().toLowerCase()}`).digest('hex').slice(0, 32);
  return `${site}|login-failures|${who}`;
}
