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

// Checks in flight per site handle, by `key\nsecret`: requests presenting one pair together (a client's first burst,
// or its busy stream when the cache entry expires) share one check, so they run one scrypt and count one attempt.
const inFlight = new WeakMap<object, Map<string, Promise<Principal | undefined>>>();

/**
 * Checks an API key pair the process's key cache does not know, as a sign-in: throws RateLimitExceededError (429)
 * once the key (or the address) failed too often, before any hash is checked; resolves the key's user, or
 * undefined (a failure of the key and of the address). Only a check counts on the key, not each request sharing
 * it: a valid pair presented by many requests at once never reaches the limit. Callers answer cache hits
 * themselves, without a promise.
 *
 * @example const who = cachedApiKey(db, pair, apiKeyCache) ?? (await signInWithToken(db, pair, throttle));
 */
export async function signInWithToken(
  db: Queryable,
  pair: ApiKeyPair,
  { limiter, site, ip, limit }: TokenThrottle,
): Promise<Principal | undefined> {
  await limiter.checkAddress(site, 'token', ip, limit);
  const principal = await shared(db, pair, () => countedCheck(db, pair, limiter, site, limit));
  if (!principal) await limiter.failed(site, 'token', ip);
  return principal;
}

/** One check of `pair`, counted on its key before it runs; a success clears the key's count. */
async function countedCheck(
  db: Queryable,
  pair: ApiKeyPair,
  limiter: LoginRateLimiter,
  site: string,
  limit: number,
): Promise<Principal | undefined> {
  await limiter.attempt(site, 'token', undefined, pair.key, limit);
  const principal = await resolveApiKey(db, pair, apiKeyCache);
  if (principal) await limiter.succeeded(site, 'token', pair.key);
  return principal;
}

/** The check of `pair` already in flight on `db`, else `check()` (shared until it settles). */
function shared(
  db: Queryable,
  pair: ApiKeyPair,
  check: () => Promise<Principal | undefined>,
): Promise<Principal | undefined> {
  let pending = inFlight.get(db);
  if (!pending) {
    pending = new Map();
    inFlight.set(db, pending);
  }
  const id = `${pair.key}\n${pair.secret}`;
  let lookup = pending.get(id);
  if (!lookup) {
    const map = pending;
    lookup = check().finally(() => map.delete(id));
    map.set(id, lookup);
  }
  return lookup;
}
