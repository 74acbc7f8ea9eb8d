import type { Bus } from '../bus/bus.ts';
import type { Cache } from '../cache/cache.ts';
import type { Transaction } from '../db/database.ts';
import { sessionCacheKey } from './sessions.ts';
import { deleteUserSessionRows } from './sessions-table.ts';

/**
 * The bus channel announcing ended sessions, JSON `{site, user, sessions, everything}`: `sessions` are session
 * keys; `everything` means every connection of the user (disabled or deleted: their API keys stop too). The
 * websocket service disconnects the matching sockets.
 */
export const sessionsEndedChannel = 'sessions_ended';

/** Where a site's sessions live besides `tabSessions` (the site's `metas.shared`). */
export interface SessionHandles {
  cache?: Cache | undefined;
  bus?: Bus | undefined;
}

/** Which of a user's sessions end. */
export interface EndSessionsOptions {
  /** The key of a session that stays (the one changing its own user's password). */
  keep?: string | undefined;
  /** The user can no longer sign in at all: drop their token-authenticated sockets too. */
  everything?: boolean;
}

/**
 * Ends the sessions of `user` (Frappe's `clear_sessions(force=True)`) as part of `tx`: their rows go in `tx`;
 * their cache entries go now (an unreachable cache fails the change, which then rolls back) and again once `tx`
 * commits (a request that read a row before the commit may have cached it again); then every websocket replica
 * is told to disconnect them. Returns how many sessions ended.
 *
 * @example await endUserSessions(ctx.db, ctx.metas.shared, ctx.site, 'jane@example.com', { everything: true });
 */
export async function endUserSessions(
  tx: Transaction,
  handles: SessionHandles,
  site: string,
  user: string,
  options: EndSessionsOptions = {},
): Promise<number> {
  const keys = await deleteUserSessionRows(tx, user, options.keep);
  const { cache, bus } = handles;
  const cacheKeys = keys.map((key) => sessionCacheKey(site, key));
  if (cache && cacheKeys.length) await cache.del(...cacheKeys);
  if (!keys.length && !options.everything) return 0;
  tx.afterCommit(async () => {
    if (cache && cacheKeys.length) await cache.del(...cacheKeys);
    const everything = options.everything === true;
    await bus?.publish(sessionsEndedChannel, JSON.stringify({ site, user, sessions: keys, everything }));
  });
  return keys.length;
}
