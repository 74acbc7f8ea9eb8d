import { isValidSiteName } from '../config/bench.ts';
import { type Bus, type RealtimeEvent, realtimeChannel } from './bus.ts';

/** Largest realtime payload accepted from the bus (UTF-8 bytes); bigger ones are dropped, not parsed. */
export const maxRealtimeEventBytes = 1024 * 1024;

/** Event names and rooms are short identifiers (`list_update`, `doc:ToDo/abc`); these caps keep them so. */
const maxEventLength = 200;
const maxRoomLength = 1000;
// Control characters have no place in an event or room name and could forge log lines.
const controlChars = /\p{Cc}/u;

/**
 * Publishes a realtime event on channel `events` as the JSON Frappe's socketio server reads:
 * `{event, message, room, namespace}`. The websocket service emits it to `room` in namespace `/<namespace>`.
 *
 * @example await publishRealtime(bus, { event: 'list_update', message: { doctype: 'ToDo' }, room: 'doctype:ToDo', namespace: 'site1.local' });
 */
export function publishRealtime(bus: Bus, event: RealtimeEvent): Promise<void> {
  // Explicit keys in Frappe's order; `message` undefined would vanish from JSON, so it becomes null.
  const wire = {
    event: event.event,
    message: event.message ?? null,
    room: event.room ?? null,
    namespace: event.namespace,
  };
  return bus.publish(realtimeChannel, JSON.stringify(wire));
}

/**
 * Reads one message from channel `events`; anything malformed, ill-typed or oversized gives undefined (the
 * channel is writable by anything that reaches Redis, so every message is treated as hostile).
 *
 * @example const e = parseRealtimeEvent(raw); if (e) io.of(`/${e.namespace}`).to(e.room ?? 'all').emit(e.event, e.message);
 */
export function parseRealtimeEvent(raw: string): RealtimeEvent | undefined {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap length check comes first.
  if (typeof raw !== 'string' || raw.length > maxRealtimeEventBytes) return undefined;
  if (Buffer.byteLength(raw, 'utf8') > maxRealtimeEventBytes) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const { event, message, room, namespace } = data as Record<string, unknown>;
  if (!isName(event, maxEventLength)) return undefined;
  if (typeof namespace !== 'string' || !isValidSiteName(namespace)) return undefined;
  if (room !== undefined && room !== null && room !== '' && !isName(room, maxRoomLength)) return undefined;
  // A fresh object: nothing else from the payload (e.g. an own `__proto__` key) travels on.
  return {
    event,
    message: message ?? null,
    room: typeof room === 'string' && room !== '' ? room : null,
    namespace,
  };
}

function isName(value: unknown, maxLength: number): value is string {
  return (
    typeof value === 'string' && value.length > 0 && value.length <= maxLength && !controlChars.test(value)
  );
}
