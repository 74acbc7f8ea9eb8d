import type { Logger } from '../config/log.ts';
import { asDoctype, asName } from './client-args.ts';
import type { DocViewersNotifier } from './doc-viewers.ts';
import type { RealtimeSocket } from './events.ts';
import { allRoom, docRoom, doctypeRoom, openDocRoom, taskRoom, userRoom, websiteRoom } from './rooms.ts';
import type { PermissionChecker } from './types.ts';

/** What the per-socket handlers need. */
export interface SocketHandlerDeps {
  permissions: PermissionChecker;
  viewers: DocViewersNotifier;
  logger: Logger;
  /** Most rooms (and pending permission checks) one socket may hold; beyond it, subscriptions are dropped. */
  maxRooms: number;
  /** True once the service is shutting down: disconnects then notify nobody. */
  closing: () => boolean;
}

/**
 * Joins a freshly authenticated socket to its rooms (`user:<user>`, `website`, `all` for System Users) and
 * installs Frappe's client events. Every argument is validated; malformed or refused requests are dropped
 * silently (as in Frappe) and never throw out of a handler.
 */
export function registerSocketHandlers(socket: RealtimeSocket, deps: SocketHandlerDeps): void {
  const { site, user, userType } = socket.data;
  const { permissions, viewers, logger } = deps;
  const log = logger.child({ site, user, socket: socket.id });
  socket.join([userRoom(user), websiteRoom, ...(userType === 'System User' ? [allRoom] : [])]);

  // Documents whose form this socket has open, to re-notify their viewers when it goes away.
  const openDocs = new Map<string, { doctype: string; docname: string }>();
  // Rooms with a permission check in flight, by request number: a later unsubscribe (or a newer subscribe)
  // invalidates the pending one, so subscribe-then-unsubscribe never ends up joined.
  const pending = new Map<string, number>();
  let requests = 0;

  const full = () => socket.rooms.size + pending.size >= deps.maxRooms;

  /** Joins `room` if `allowed()` says so and nothing superseded the request meanwhile. */
  const joinIfAllowed = async (room: string, allowed: () => Promise<boolean>): Promise<boolean> => {
    if (socket.rooms.has(room)) return true;
    if (full()) {
      log.warn({ room }, 'realtime subscription dropped: too many rooms');
      return false;
    }
    const request = ++requests;
    pending.set(room, request);
    let ok = false;
    try {
      ok = (await allowed()) === true;
    } catch (error) {
      log.warn({ room, err: error }, 'realtime permission check failed');
    }
    if (pending.get(room) !== request) return false;
    pending.delete(room);
    if (!ok || !socket.connected) {
      if (!ok) log.debug({ room }, 'realtime subscription refused');
      return false;
    }
    socket.join(room);
    return true;
  };

  const leave = (room: string) => {
    pending.delete(room);
    socket.leave(room);
  };

  const on = (event: string, handler: (...args: unknown[]) => unknown) => {
    // Untyped on purpose: every handler takes `unknown` arguments and validates them itself.
    (socket as unknown as { on(e: string, h: (...args: unknown[]) => void): void }).on(event, (...args) => {
      try {
        const result = handler(...args);
        if (result instanceof Promise)
          result.catch((error: unknown) => log.error({ event, err: error }, 'realtime handler failed'));
      } catch (error) {
        log.error({ event, err: error }, 'realtime handler failed');
      }
    });
  };

  on('ping', () => socket.emit('pong'));

  on('doctype_subscribe', (value) => {
    const doctype = asDoctype(value);
    if (doctype === undefined) return;
    return joinIfAllowed(doctypeRoom(doctype), () =>
      permissions.canReadDoctype(site, user, doctype, userType),
    );
  });
  on('doctype_unsubscribe', (value) => {
    const doctype = asDoctype(value);
    if (doctype !== undefined) leave(doctypeRoom(doctype));
  });

  on('doc_subscribe', (dt, dn) => {
    const doctype = asDoctype(dt);
    const docname = asName(dn);
    if (doctype === undefined || docname === undefined) return;
    return joinIfAllowed(docRoom(doctype, docname), () =>
      permissions.canReadDoc(site, user, doctype, docname, userType),
    );
  });
  on('doc_unsubscribe', (dt, dn) => {
    const doctype = asDoctype(dt);
    const docname = asName(dn);
    if (doctype !== undefined && docname !== undefined) leave(docRoom(doctype, docname));
  });

  on('doc_open', async (dt, dn) => {
    const doctype = asDoctype(dt);
    const docname = asName(dn);
    if (doctype === undefined || docname === undefined) return;
    const room = openDocRoom(doctype, docname);
    const joined = await joinIfAllowed(room, () =>
      permissions.canReadDoc(site, user, doctype, docname, userType),
    );
    if (!joined) return;
    openDocs.set(room, { doctype, docname });
    await viewers.notify(socket.nsp, doctype, docname);
  });
  on('doc_close', async (dt, dn) => {
    const doctype = asDoctype(dt);
    const docname = asName(dn);
    if (doctype === undefined || docname === undefined) return;
    const room = openDocRoom(doctype, docname);
    const wasOpen = openDocs.delete(room) || socket.rooms.has(room);
    leave(room);
    // Only a form this socket really had open triggers a notification: a client cannot make the service
    // query arbitrary rooms.
    if (wasOpen) await viewers.notify(socket.nsp, doctype, docname);
  });

  const taskSubscribe = (value: unknown) => {
    const taskId = asName(value);
    if (taskId === undefined) return;
    // No permission check, as in Frappe: a task id is an unguessable capability handed out by the backend.
    if (full()) return log.warn({ taskId }, 'realtime subscription dropped: too many rooms');
    socket.join(taskRoom(taskId));
  };
  on('task_subscribe', taskSubscribe);
  on('progress_subscribe', taskSubscribe);
  on('task_unsubscribe', (value) => {
    const taskId = asName(value);
    if (taskId !== undefined) leave(taskRoom(taskId));
  });

  socket.on('disconnect', (reason) => {
    log.info({ reason }, 'realtime connection closed');
    pending.clear();
    if (deps.closing()) return;
    for (const { doctype, docname } of openDocs.values()) void viewers.notify(socket.nsp, doctype, docname);
    openDocs.clear();
  });
}
