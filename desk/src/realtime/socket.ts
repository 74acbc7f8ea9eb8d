// The desk's one Socket.IO connection to the site's namespace `/<site>` (docs/wire.md §8), with the
// session cookie. Views subscribe through the helpers below; subscriptions are re-sent after a
// reconnect, since rooms do not survive one.
import { io, type Socket } from 'socket.io-client';
import { ref } from 'vue';
import { boot } from '../boot.ts';

export interface ListUpdate {
  doctype: string;
  name: string;
  user?: string;
}
export interface DocUpdate {
  doctype: string;
  name: string;
  modified: string;
}
export interface DocViewers {
  doctype: string;
  docname: string;
  users: string[];
}

/** An event sent to a task's room: `progress` from `publish_progress`, or `task_progress`. */
export interface TaskMessage {
  task_id?: string;
  [key: string]: unknown;
}

/** `docinfo_update` to a document's room: one entry of its docinfo (`key`) added, edited or deleted. */
export interface DocinfoUpdate {
  doc: Record<string, unknown>;
  key: string;
  action?: 'add' | 'edit' | 'update' | 'delete';
}

interface ServerEvents {
  list_update: (message: ListUpdate) => void;
  docinfo_update: (message: DocinfoUpdate) => void;
  notification: (message?: unknown) => void;
  doc_update: (message: DocUpdate) => void;
  doc_viewers: (message: DocViewers) => void;
  progress: (message: TaskMessage) => void;
  task_progress: (message: TaskMessage) => void;
  pong: () => void;
}
interface ClientEvents {
  doctype_subscribe: (doctype: string) => void;
  doctype_unsubscribe: (doctype: string) => void;
  doc_subscribe: (doctype: string, name: string) => void;
  doc_unsubscribe: (doctype: string, name: string) => void;
  doc_open: (doctype: string, name: string) => void;
  doc_close: (doctype: string, name: string) => void;
  task_subscribe: (taskId: string) => void;
  task_unsubscribe: (taskId: string) => void;
  ping: () => void;
}

export type RealtimeState = 'connecting' | 'connected' | 'disconnected';
/** Connection state, for the status dot in the navbar. */
export const realtimeState = ref<RealtimeState>('connecting');

let socket: Socket<ServerEvents, ClientEvents> | undefined;
// What to re-send after each (re)connect, keyed so two views subscribing to one room share it.
const active = new Map<string, { count: number; send: () => void }>();

function connection(): Socket<ServerEvents, ClientEvents> {
  if (!socket) {
    socket = io(`/${boot.site}`, { withCredentials: true });
    socket.on('connect', () => {
      realtimeState.value = 'connected';
      for (const entry of active.values()) entry.send();
    });
    socket.on('disconnect', () => {
      realtimeState.value = 'disconnected';
    });
    socket.on('connect_error', () => {
      realtimeState.value = 'disconnected';
    });
  }
  return socket;
}

function hold(key: string, send: () => void, release: () => void): () => void {
  const s = connection();
  const entry = active.get(key);
  if (entry) entry.count++;
  else {
    active.set(key, { count: 1, send });
    if (s.connected) send();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const current = active.get(key);
    if (!current) return;
    if (--current.count > 0) return;
    active.delete(key);
    if (s.connected) release();
  };
}

/**
 * Calls `handler` on `list_update` for `doctype` (joining `doctype:<dt>`); returns the unsubscribe.
 *
 * @example onUnmounted(subscribeList('ToDo', () => reload()));
 */
export function subscribeList(doctype: string, handler: (message: ListUpdate) => void): () => void {
  const s = connection();
  const listener = (message: ListUpdate) => {
    if (message?.doctype === doctype) handler(message);
  };
  s.on('list_update', listener);
  const release = hold(
    `list:${doctype}`,
    () => s.emit('doctype_subscribe', doctype),
    () => s.emit('doctype_unsubscribe', doctype),
  );
  return () => {
    s.off('list_update', listener);
    release();
  };
}

/**
 * Follows an open form: `doc_update` for it (room `doc:<dt>/<name>`) and who else has it open
 * (`doc_open` → `doc_viewers`). Returns the unsubscribe, which also sends `doc_close`.
 */
export function subscribeDoc(
  doctype: string,
  name: string,
  handlers: { update: (message: DocUpdate) => void; viewers: (users: string[]) => void },
): () => void {
  const s = connection();
  const onUpdate = (message: DocUpdate) => {
    if (message?.doctype === doctype && message.name === name) handlers.update(message);
  };
  const onViewers = (message: DocViewers) => {
    if (message?.doctype === doctype && message.docname === name) handlers.viewers(message.users ?? []);
  };
  s.on('doc_update', onUpdate);
  s.on('doc_viewers', onViewers);
  const release = hold(
    `doc:${doctype}/${name}`,
    () => {
      s.emit('doc_subscribe', doctype, name);
      s.emit('doc_open', doctype, name);
    },
    () => {
      s.emit('doc_close', doctype, name);
      s.emit('doc_unsubscribe', doctype, name);
    },
  );
  return () => {
    s.off('doc_update', onUpdate);
    s.off('doc_viewers', onViewers);
    release();
  };
}

/**
 * Calls `handler` with every event a background task reports in room `task_progress:<id>` (`progress`
 * from `publish_progress`, `task_progress` from Frappe-style jobs); returns the unsubscribe, which sends
 * `task_unsubscribe`.
 *
 * @example onBeforeUnmount(subscribeTask(job.name, (message) => show(readProgress(message))));
 */
export function subscribeTask(taskId: string, handler: (message: TaskMessage) => void): () => void {
  const s = connection();
  const listener = (message: TaskMessage) => {
    if (message?.task_id === taskId) handler(message);
  };
  s.on('progress', listener);
  s.on('task_progress', listener);
  const release = hold(
    `task:${taskId}`,
    () => s.emit('task_subscribe', taskId),
    () => s.emit('task_unsubscribe', taskId),
  );
  return () => {
    s.off('progress', listener);
    s.off('task_progress', listener);
    release();
  };
}

/**
 * Calls `handler` on `docinfo_update` about `doctype`/`name`. The form's `subscribeDoc` already joined
 * the document's room; an update naming another document (the socket may be in several rooms) is
 * skipped. Returns the unsubscribe.
 */
export function subscribeDocinfo(
  doctype: string,
  name: string,
  handler: (message: DocinfoUpdate) => void,
): () => void {
  const s = connection();
  const listener = (message: DocinfoUpdate) => {
    if (!message || typeof message !== 'object' || typeof message.key !== 'string') return;
    const about = referenceOf(message.doc ?? {});
    if (about && (about[0] !== doctype || about[1] !== name)) return;
    handler(message);
  };
  s.on('docinfo_update', listener);
  return () => {
    s.off('docinfo_update', listener);
  };
}

/** The document a docinfo entry belongs to, by the link fields of Comment, ToDo, File and DocShare. */
function referenceOf(doc: Record<string, unknown>): [unknown, unknown] | undefined {
  if (doc.reference_doctype !== undefined) return [doc.reference_doctype, doc.reference_name];
  if (doc.reference_type !== undefined) return [doc.reference_type, doc.reference_name];
  if (doc.attached_to_doctype !== undefined) return [doc.attached_to_doctype, doc.attached_to_name];
  if (doc.share_doctype !== undefined) return [doc.share_doctype, doc.share_name];
  return undefined;
}

/**
 * Calls `handler` on `notification`, which the server sends to the user's own room (`user:<user>`, joined
 * at connect) when a Notification Log is made for them. Returns the unsubscribe.
 */
export function subscribeNotifications(handler: () => void): () => void {
  const s = connection();
  const listener = () => handler();
  s.on('notification', listener);
  return () => {
    s.off('notification', listener);
  };
}

/** Opens the connection early (the navbar shows its state). */
export function connectRealtime(): void {
  connection();
}
