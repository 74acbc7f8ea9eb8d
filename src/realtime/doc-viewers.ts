import type { Logger } from '../config/log.ts';
import type { RealtimeNamespace } from './events.ts';
import { openDocRoom } from './rooms.ts';

/**
 * Tells everyone with a form open who else has it open (Frappe's `doc_viewers`). A list of one user is sent only
 * when it changes what the viewers were last told (someone else left): a lone viewer never hears about itself. The viewer list comes from
 * `fetchSockets()` on the room, which the Redis adapter answers from every replica, so users connected to other
 * processes are counted too. Notifications for one room are sent in the order they were asked for on this
 * replica, so a slow older list never overwrites a newer one here.
 *
 * @example const viewers = new DocViewersNotifier(logger); await viewers.notify(socket.nsp, 'ToDo', 'TD-0001');
 */
export class DocViewersNotifier {
  readonly #chains = new Map<string, Promise<void>>();
  // The users each room was last told (joined), kept while the room has viewers.
  readonly #told = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  /** Sends `{doctype, docname, users}` to `open_doc:<doctype>/<docname>`; never rejects. */
  notify(nsp: RealtimeNamespace, doctype: string, docname: string): Promise<void> {
    const room = openDocRoom(doctype, docname);
    const key = `${nsp.name}\u0000${room}`;
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const current = previous.then(() => this.#send(nsp, key, room, doctype, docname));
    this.#chains.set(key, current);
    // Forget the chain once it is idle, so the map only holds rooms with a notification in flight.
    void current.then(() => {
      if (this.#chains.get(key) === current) this.#chains.delete(key);
    });
    return current;
  }

  async #send(
    nsp: RealtimeNamespace,
    key: string,
    room: string,
    doctype: string,
    docname: string,
  ): Promise<void> {
    try {
      const sockets = await nsp.in(room).fetchSockets();
      if (sockets.length === 0) {
        this.#told.delete(key);
        return;
      }
      const users = [...new Set(sockets.map((s) => s.data.user))].sort();
      const told = this.#told.get(key);
      this.#told.set(key, users.join('\u0000'));
      if (users.length === 1 && (told === undefined || told === users[0])) return;
      nsp.to(room).emit('doc_viewers', { doctype, docname, users });
    } catch (error) {
      this.logger.warn({ site: nsp.name.slice(1), room, err: error }, 'doc_viewers not sent');
    }
  }
}
