import type { Namespace } from 'socket.io';
import type { RealtimeNamespace, RealtimeServer } from './events.ts';

/**
 * Names the dynamic site namespaces may take: `/` plus something shaped like a host name. Whether the site exists
 * is decided later, in the authentication middleware, so the client gets a clear refusal instead of Socket.IO's
 * bare "Invalid namespace".
 */
export const siteNamespacePattern = /^\/[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/i;

/**
 * The namespace of `site` if it exists on this replica, else undefined. Never creates one: `io.of()` would, and an
 * emit must not allocate namespaces (and Redis subscriptions) for sites nobody is connected to.
 */
export function siteNamespace(io: RealtimeServer, site: string): RealtimeNamespace | undefined {
  return io._nsps.get(`/${site}`);
}

/**
 * Forgets a child namespace that cannot hold a connection (its name is not a site), so hostile clients cannot
 * grow the server one namespace per made-up name.
 *
 * Why by hand: Socket.IO's `cleanupEmptyChildNamespaces` also closes a real site's namespace whenever its last
 * socket leaves, and a socket still authenticating in it then connects into a closed namespace (no bus events,
 * no Redis adapter). Site namespaces therefore live as long as the process (bounded by the number of sites)
 * and only made-up ones are dropped here. `children` is private in Socket.IO's types, hence the cast.
 */
export function discardNamespace(io: RealtimeServer, parent: Namespace, nsp: Namespace): void {
  if (io._nsps.get(nsp.name) !== nsp || nsp.sockets.size > 0) return;
  io._nsps.delete(nsp.name);
  (parent as unknown as { children: Set<Namespace> }).children.delete(nsp);
  void Promise.resolve(nsp.adapter.close()).catch(() => {});
}
