import type { Duplex } from 'node:stream';

/**
 * Makes every write to `socket` within one tick of the event loop leave as a single `writev`: the first write of
 * a tick corks the socket and a `process.nextTick` uncorks it.
 *
 * Why: a room broadcast writes one WebSocket frame per socket per event, and Node sends each write with its own
 * system call. A burst of bus events arrives many to one Redis read, so without this a socket in the room costs a
 * syscall (and its write request's garbage) per event; with it, about two per burst (Engine.IO holds back the
 * frames that follow the first until the first is written, then sends them together). A lone event is delayed
 * by a nextTick only.
 *
 * @example httpServer.prependListener('upgrade', (_req, socket) => coalesceWrites(socket));
 */
export function coalesceWrites(socket: Duplex): void {
  const write = socket.write;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = function coalescedWrite(this: Duplex, ...args: Parameters<Duplex['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write.apply(this, args);
  } as Duplex['write'];
}
