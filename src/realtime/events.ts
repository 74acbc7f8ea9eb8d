import type { Namespace, Server, Socket } from 'socket.io';
import type { SocketData } from './types.ts';

/** Who is looking at a form right now (Frappe's `doc_viewers`), sent to `open_doc:<doctype>/<docname>`. */
export interface DocViewers {
  doctype: string;
  docname: string;
  users: string[];
}

/**
 * Events a client may send (Frappe desk's `frappe.realtime`). Arguments are typed `unknown` on purpose: they come
 * from the network and are validated in the handlers before use.
 */
export interface ClientToServerEvents {
  doctype_subscribe(doctype: unknown): void;
  doctype_unsubscribe(doctype: unknown): void;
  doc_subscribe(doctype: unknown, docname: unknown): void;
  doc_unsubscribe(doctype: unknown, docname: unknown): void;
  doc_open(doctype: unknown, docname: unknown): void;
  doc_close(doctype: unknown, docname: unknown): void;
  task_subscribe(taskId: unknown): void;
  progress_subscribe(taskId: unknown): void;
  task_unsubscribe(taskId: unknown): void;
  ping(): void;
}

/** Events the service sends; anything published on the bus is relayed under its own name. */
export interface ServerToClientEvents {
  pong(): void;
  doc_viewers(viewers: DocViewers): void;
  [event: string]: (...args: never[]) => void;
}

/** No server-to-server events: replicas share state only through the Redis adapter. */
export type InterServerEvents = Record<never, never>;

/** The typed Socket.IO server of this service. */
export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
/** One site's namespace, `/<site>`. */
export type RealtimeNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
/** An authenticated client connection; `socket.data` is its {@link SocketData}. */
export type RealtimeSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
