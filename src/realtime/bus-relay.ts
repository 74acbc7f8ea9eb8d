import type { Bus } from '../bus/bus.ts';
import { realtimeChannel } from '../bus/bus.ts';
import { parseRealtimeEvent } from '../bus/realtime-publisher.ts';
import type { Logger } from '../config/log.ts';
import type { RealtimeServer } from './events.ts';
import { siteNamespace } from './namespaces.ts';
import { doctypeRoom } from './rooms.ts';

// Socket.IO throws when asked to emit these; a bus message naming one is hostile or a bug.
const reservedEvents = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

/**
 * Relays channel `events` to the sockets of this replica: each `{event, message, room, namespace}` is emitted as
 * `event` with `message` to `room` in `/<namespace>`, or to every socket of that namespace when `room` is empty;
 * `list_update` always goes to `doctype:<message.doctype>`.
 *
 * Exactly once per socket: every replica receives every bus message (Redis pub/sub fans out to all
 * subscribers), so each emits with `.local` to its own sockets only. Emitting through the Redis adapter instead
 * would reach each socket once per replica.
 *
 * An empty room reaches one site's sockets, not every site's as in Frappe: a backend must not be able to
 * broadcast into other tenants.
 *
 * @example const stop = await relayBusEvents(io, bus, logger); await stop();
 */
export async function relayBusEvents(
  io: RealtimeServer,
  bus: Bus,
  logger: Logger,
): Promise<() => Promise<void>> {
  return bus.subscribe(realtimeChannel, (raw) => {
    try {
      relayOne(io, raw, logger);
    } catch (error) {
      logger.error({ err: error }, 'realtime bus event not relayed');
    }
  });
}

function relayOne(io: RealtimeServer, raw: string, logger: Logger): void {
  const parsed = parseRealtimeEvent(raw);
  if (!parsed) {
    logger.warn(
      { bytes: typeof raw === 'string' ? raw.length : undefined },
      'realtime bus event ignored: invalid payload',
    );
    return;
  }
  const { event, message, namespace: site } = parsed;
  if (reservedEvents.has(event)) {
    logger.warn({ site, event }, 'realtime bus event ignored: reserved event name');
    return;
  }
  let room = parsed.room;
  if (event === 'list_update') {
    const doctype = (message as { doctype?: unknown } | null)?.doctype;
    if (typeof doctype !== 'string' || doctype === '') {
      logger.warn({ site, event }, 'realtime bus event ignored: list_update without message.doctype');
      return;
    }
    room = doctypeRoom(doctype);
  }
  const nsp = siteNamespace(io, site);
  // No namespace here means no socket of that site on this replica: nothing to do.
  if (!nsp) return;
  const target = room ? nsp.local.to(room) : nsp.local;
  target.emit(event, message as never);
}
