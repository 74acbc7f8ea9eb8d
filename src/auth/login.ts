import type { Queryable } from '../db/database.ts';
import { AuthenticationError } from '../errors/index.ts';
import type { LoginRateLimiter } from './login-rate-limit.ts';
import { verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';
import { checkPassword, findUser } from './users.ts';

/** Frappe's cap on password length (hashing megabytes would be a cheap denial of service). */
export const maxPasswordLength = 512;

/** One login attempt: who claims to be whom, from where. */
export interface LoginAttempt {
  site: string;
  db: Queryable;
  usr: unknown;
  pwd: unknown;
  ip: string;
  /** Failed attempts allowed per window for one user (five times as many for one address). */
  failureLimit: number;
}

/**
 * Checks a user name (or email) and password, as Frappe's LoginManager.authenticate does: the rate
 * limit first (429, counted for the user the name or email resolves to), then the password, then whether
 * the user is enabled. Failures throw AuthenticationError (401) with Frappe's messages.
 */
export async function authenticatePassword(
  limiter: LoginRateLimiter,
  attempt: LoginAttempt,
): Promise<Principal> {
  const { site, db, usr, pwd, ip } = attempt;
  if (typeof usr !== 'string' || typeof pwd !== 'string' || !usr.trim() || !pwd) {
    throw new AuthenticationError('Incomplete login details');
  }
  if (pwd.length > maxPasswordLength)
    throw new AuthenticationError('Password size exceeded the maximum allowed size');
  if (usr.length > 254) throw new AuthenticationError('Invalid login credentials');
  const user = usr.trim().toLowerCase() === 'guest' ? undefined : await findUser(db, usr);
  const account = user?.user ?? usr;
  await limiter.attempt(site, 'login', ip, account, attempt.failureLimit);
  const valid = user ? await checkPassword(db, user.user, pwd) : await verifyPassword(pwd, undefined);
  if (!user || !valid) {
    await limiter.failed(site, 'login', ip);
    throw new AuthenticationError('Invalid login credentials');
  }
  if (!user.enabled && user.user !== 'Administrator')
    throw new AuthenticationError('User disabled or missing');
  await limiter.succeeded(site, 'login', account);
  const { enabled: _, ...principal } = user;
  return principal;
}
