import { sessionsEndedChannel } from '../auth/session-ends.ts';
import type { Bus } from '../bus/bus.ts';
import type { Logger } from '../config/log.ts';
import type { RealtimeServer } from './events.ts';
import { siteNamespace } from './namespaces.ts';

/** A `sessions_ended` announcement, checked: it comes from outside this process. */
interface Ended {
  site: string;
  user: string;
  sessions: ReadonlySet<string>;
  everything: boolean;
}

/**
 * Disconnects this replica's sockets whose sessions ended (`sessions_ended` on the bus, from a user disabled,
 * deleted or given a new password): a socket authenticates once, at its handshake, so without this it would
 * keep receiving the user's events. Every replica hears every announcement and drops its own sockets. A
 * disabled or deleted user loses every socket, token-authenticated ones too.
 *
 * @example const stop = await dropEndedSessions(io, bus, logger); await stop();
 */
export function dropEndedSessions(
  io: RealtimeServer,
  bus: Bus,
  logger: Logger,
): Promise<() => Promise<void>> {
  return bus.subscribe(sessionsEndedChannel, (raw) => {
    const ended = parse(raw);
    if (!ended) return logger.warn('sessions_ended ignored: invalid payload');
    const nsp = siteNamespace(io, ended.site);
    if (!nsp) return;
    let dropped = 0;
    for (const socket of nsp.sockets.values()) {
      const { user, session } = socket.data;
      if (user !== ended.user) continue;
      if (!ended.everything && !(session && ended.sessions.has(session))) continue;
      socket.disconnect(true);
      dropped++;
    }
    if (dropped) logger.info({ site: ended.site, user: ended.user, dropped }, 'realtime sessions ended');
  });
}

function parse(raw: string): Ended | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const v = value as Record<string, unknown> | null;
  if (!v || typeof v.site !== 'string' || typeof v.user !== 'string' || !Array.isArray(v.sessions))
    return undefined;
  const sessions = new Set(v.sessions.filter((s): s is string => typeof s === 'string'));
  return { site: v.site, user: v.user, sessions, everything: v.everything === true };
}
