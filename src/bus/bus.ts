/**
 * Publish/subscribe between processes: in-process emitter (embedded) or Redis channels on `redis_queue`.
 * Delivery is at-most-once to subscribers present at publish time, as with Redis pub/sub.
 *
 * @example const off = await bus.subscribe('events', (m) => console.log(m)); await bus.publish('events', '{}');
 */
export interface Bus {
  publish(channel: string, message: string): Promise<void>;
  /** Calls `handler` for each message on `channel`; resolves once subscribed; returns the unsubscriber. */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The channel realtime events travel on (Frappe's name): JSON `{event, message, room, namespace}`. */
export const realtimeChannel = 'events';

/** A realtime event as published by the backend and emitted by the websocket service. */
export interface RealtimeEvent {
  event: string;
  message: unknown;
  /** Socket.IO room; empty/null means every socket of the namespace. */
  room: string | null;
  /** The site: the Socket.IO namespace is `/<namespace>`. */
  namespace: string;
}
