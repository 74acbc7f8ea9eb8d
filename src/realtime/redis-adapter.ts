import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Namespace } from 'socket.io';
import type { Adapter } from 'socket.io-adapter';
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
  const pub = new Redis(setup.url, { connectionName: 'cortado-realtime-pub' });
  const sub = new Redis(setup.url, { connectionName: 'cortado-realtime-sub' });
  for (const [role, client] of [
    ['pub', pub],
    ['sub', sub],
  ] as const) {
    watchErrors(client, role, setup.logger);
  }
  const redisAdapter = createAdapter(pub, sub, { publishOnSpecificResponseChannel: true });
  // The default in-memory adapter, kept for namespaces that are about to be refused and discarded.
  const InMemory = io.adapter() as typeof Adapter;
  // Socket.IO calls the factory with `new`, so it must be a constructible function, not an arrow; returning an
  // object from it makes `new` yield that object.
  io.adapter(function siteAdapter(nsp: Namespace) {
    return setup.isSite(nsp.name.slice(1)) ? redisAdapter(nsp) : new InMemory(nsp);
  });
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}

/** Logs the first error of each outage (ioredis retries on its own and would repeat it every attempt). */
function watchErrors(client: Redis, role: string, logger: Logger): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.error({ role, err: error }, 'realtime redis adapter connection failed; retrying');
  });
  client.on('ready', () => {
    if (down) logger.info({ role }, 'realtime redis adapter connection restored');
    down = false;
  });
}
