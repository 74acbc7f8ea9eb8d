import type { Cache } from '../cache/cache.ts';
import type { Database } from '../db/database.ts';
import { parseAuthorization, resolveApiKey, splitPair } from './api-keys.ts';
import type { Principal } from './principal.ts';
import { SessionStore } from './sessions.ts';

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
 * malformed value resolves to undefined rather than throwing.
 *
 * @example const resolve = createCredentialResolver({ databases, cache });
 * const who = await resolve('a.localhost', { sid: cookies.sid }); // { user, userType, ... } | undefined
 */
export function createCredentialResolver(options: CredentialResolverOptions): ResolveCredentials {
  const sessions = options.sessions ?? new SessionStore({ cache: options.cache });
  return async (site, { sid, authorization, token }) => {
    const db = options.databases.get(site);
    if (authorization || token) {
      let pair: ReturnType<typeof splitPair>;
      try {
        pair = authorization ? parseAuthorization(authorization) : splitPair(token ?? '');
      } catch {
        return undefined;
      }
      return pair ? resolveApiKey(db, pair) : undefined;
    }
    if (!sid) return undefined;
    const session = await sessions.resolve(site, db, sid);
    if (!session) return undefined;
    const { user, userType, fullName, userImage } = session.data;
    return { user, userType, fullName, userImage, session: session.key };
  };
}
