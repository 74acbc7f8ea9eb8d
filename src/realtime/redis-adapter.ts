import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Namespace } from 'socket.io';
import type { Adapter } from 'socket.io-adapter';
import { closeClient, fastFailOptions, RedisLink } from '../cache/redis-link.ts';
import { redisWhere } from '../cache/redis-where.ts';
import type { Logger } from '../config/log.ts';
import type { RealtimeServer } from './events.ts';

/** Options of {@link useRedisAdapter}. */
export interface RedisAdapterSetup {
  url: string;
  /** Only namespaces of real sites share rooms through Redis; made-up names stay in memory until dropped. */
  isSite: (site: string) => boolean;
  logger: Logger;
}

/**
 * Makes the server's site namespaces share rooms across replicas through `@socket.io/redis-adapter`
 * (ioredis pub/sub clients), so `fetchSockets()` and room emits span every websocket process.
 * Returns the closer for the two Redis connections (call it after `io.close()`).
 *
 * @example const closeRedis = useRedisAdapter(io, { url, isSite: (s) => bench.hasSite(s), logger });
 */
export function useRedisAdapter(io: RealtimeServer, setup: RedisAdapterSetup): () => Promise<void> {
  // Fail fast while Redis is down (room emits to other replicas are lost then, as pub/sub loses them anyway).
  const pub = new Redis(setup.url, { ...fastFailOptions(), connectionName: 'cortado-realtime-pub' });
  const sub = new Redis(setup.url, { ...fastFailOptions(), connectionName: 'cortado-realtime-sub' });
  const where = redisWhere(setup.url);
  const links = [
    new RedisLink(pub, { where, role: 'realtime adapter pub', log: setup.logger }),
    new RedisLink(sub, { where, role: 'realtime adapter sub', log: setup.logger }),
  ];
  const redisAdapter = createAdapter(pub, sub, { publishOnSpecificResponseChannel: true });
  // The default in-memory adapter, kept for namespaces that are about to be refused and discarded.
  const InMemory = io.adapter() as typeof Adapter;
  // Socket.IO calls the factory with `new`, so it must be a constructible function, not an arrow; returning an
  // object from it makes `new` yield that object.
  io.adapter(function siteAdapter(nsp: Namespace) {
    return setup.isSite(nsp.name.slice(1)) ? redisAdapter(nsp) : new InMemory(nsp);
  });
  return async () => {
    for (const link of links) link.forget();
    await Promise.all([closeClient(pub), closeClient(sub)]);
  };
}
