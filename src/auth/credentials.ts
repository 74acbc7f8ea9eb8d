import type { Cache } from '../cache/cache.ts';
import type { Database } from '../db/database.ts';
import { RateLimitExceededError } from '../errors/index.ts';
import { apiKeyCache } from './api-key-cache.ts';
import { type ApiKeyPair, cachedApiKey, parseAuthorization, splitPair } from './api-keys.ts';
import { defaultLoginFailureLimit, LoginRateLimiter } from './login-rate-limit.ts';
import type { Principal } from './principal.ts';
import { SessionStore } from './sessions.ts';
import { signInWithToken } from './token-sign-in.ts';

/** What a client may present: a session id, an Authorization header, or a `key:secret` token. */
export interface Credentials {
  sid?: string | undefined;
  authorization?: string | undefined;
  token?: string | undefined;
}

/** Where credentials are checked: each site's database and the shared cache. */
export interface CredentialResolverOptions {
  databases: { get(site: string): Database };
  cache: Cache;
  /** Reuse the backend's store (same clock); a new one is made otherwise. */
  sessions?: SessionStore;
  /** Reuse the backend's sign-in throttle; a new one on the same cache otherwise (the counts live in the cache). */
  limiter?: LoginRateLimiter;
}

/** Who credentials resolved to; `session` is the session's key when a sid resolved. */
export type ResolvedCredentials = Principal & { session?: string };

/** Resolves credentials for a site: the user, or undefined when nothing presented resolves. */
export type ResolveCredentials = (
  site: string,
  credentials: Credentials,
) => Promise<ResolvedCredentials | undefined>;

/**
 * The check the websocket service runs on a handshake, against the shared session store directly
 * (never through the public origin). Authorization wins over a token, a token over a sid; a
 * malformed value resolves to undefined rather than throwing. A token goes through the process's API key cache
 * and the sign-in throttle per key (a throttled one resolves to undefined: the handshake is refused).
 *
 * @example const resolve = createCredentialResolver({ databases, cache });
 * const who = await resolve('a.localhost', { sid: cookies.sid }); // { user, userType, ... } | undefined
 */
export function createCredentialResolver(options: CredentialResolverOptions): ResolveCredentials {
  const sessions = options.sessions ?? new SessionStore({ cache: options.cache });
  const limiter = options.limiter ?? new LoginRateLimiter(options.cache);
  // The handshake's peer is the router, not the client: only the key is counted.
  const signIn = async (site: string, db: Database, pair: ApiKeyPair) => {
    const cached = cachedApiKey(db, pair, apiKeyCache);
    if (cached) return cached;
    try {
      return await signInWithToken(db, pair, {
        limiter,
        site,
        ip: undefined,
        limit: defaultLoginFailureLimit,
      });
    } catch (error) {
      if (error instanceof RateLimitExceededError) return undefined;
      throw error;
    }
  };
  return async (site, { sid, authorization, token }) => {
    const db = options.databases.get(site);
    if (authorization || token) {
      let pair: ReturnType<typeof splitPair>;
      try {
        pair = authorization ? parseAuthorization(authorization) : splitPair(token ?? '');
      } catch {
        return undefined;
      }
      return pair ? signIn(site, db, pair) : undefined;
    }
    if (!sid) return undefined;
    const session = await sessions.resolve(site, db, sid);
    if (!session) return undefined;
    const { user, userType, fullName, userImage } = session.data;
    return { user, userType, fullName, userImage, session: session.key };
  };
}
