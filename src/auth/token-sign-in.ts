import type { Queryable } from '../db/database.ts';
import { apiKeyCache } from './api-key-cache.ts';
import { type ApiKeyPair, resolveApiKey } from './api-keys.ts';
import type { LoginRateLimiter } from './login-rate-limit.ts';
import type { Principal } from './principal.ts';

/** Where a token sign-in is throttled: the site, the client's address when known, failures allowed per key. */
export interface TokenThrottle {
  limiter: LoginRateLimiter;
  site: string;
  ip: string | undefined;
  limit: number;
}

/**
 * Checks an API key pair the process's key cache does not know, as a sign-in: throws RateLimitExceededError (429)
 * once the key (or the address) failed too often, before any hash is checked; resolves the key's user, or
 * undefined (counted as a failure). Callers answer cache hits themselves, without a promise.
 *
 * @example const who = cachedApiKey(db, pair, apiKeyCache) ?? (await signInWithToken(db, pair, throttle));
 */
export async function signInWithToken(
  db: Queryable,
  pair: ApiKeyPair,
  { limiter, site, ip, limit }: TokenThrottle,
): Promise<Principal | undefined> {
  await limiter.attempt(site, 'token', ip, pair.key, limit);
  const principal = await resolveApiKey(db, pair, apiKeyCache);
  if (principal) await limiter.succeeded(site, 'token', pair.key);
  else await limiter.failed(site, 'token', ip);
  return principal;
}
