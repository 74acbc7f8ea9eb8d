import type { Bus } from '../bus/bus.ts';
import { createBus } from '../bus/index.ts';
import type { Cache } from '../cache/cache.ts';
import { createCache } from '../cache/index.ts';
import type { Bench } from '../config/bench.ts';
import { SiteDatabases } from '../db/index.ts';

/**
 * The shared handles every service of one process uses: per-site databases, the cache and the bus.
 * Embedded (no `redis_*` keys in common config) they are in-process, so services started together by
 * `cortado start` reach each other through them; with Redis configured they reach other processes.
 */
export interface Runtime {
  bench: Bench;
  databases: SiteDatabases;
  cache: Cache;
  bus: Bus;
  close(): Promise<void>;
}

export function createRuntime(bench: Bench): Runtime {
  const common = bench.commonConfig();
  const databases = new SiteDatabases(bench);
  const cache = createCache({ redisUrl: common.redis_cache });
  const bus = createBus({ redisUrl: common.redis_queue });
  return {
    bench,
    databases,
    cache,
    bus,
    async close() {
      await Promise.allSettled([databases.closeAll(), cache.close(), bus.close()]);
    },
  };
}
