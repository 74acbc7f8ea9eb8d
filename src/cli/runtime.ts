import type { Bus } from '../bus/bus.ts';
import { createBus } from '../bus/index.ts';
import type { Cache } from '../cache/cache.ts';
import { createCache } from '../cache/index.ts';
import type { Bench } from '../config/bench.ts';
import { coreControllers } from '../core/controllers/index.ts';
import { SiteDatabases } from '../db/index.ts';
import { benchJobRegistry, createJobService, type JobRegistry, type JobService } from '../jobs/index.ts';
import type { ControllerRegistry } from '../model/controllers/registry.ts';
import { MetaCaches } from '../model/meta/meta-caches.ts';

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
  /** Each site's DocType metas, invalidated across processes through the cache and bus. */
  metas: MetaCaches;
  /** Controller hooks of core DocTypes (and of apps, registered at start-up). */
  controllers: ControllerRegistry;
  /**
   * The process's job service (embedded table queue, or BullMQ on `redis_queue`): the backend enqueues and lists
   * jobs through it; `cortado start` runs its worker and scheduler on it, so an enqueue wakes that worker at once.
   */
  jobs: JobService;
  close(): Promise<void>;
}

/** What `createRuntime` may be given instead of its defaults. */
export interface RuntimeOptions {
  /** The job methods this process knows (default: `benchJobRegistry(bench)`). */
  registry?: JobRegistry | undefined;
  /**
   * Statement and lock timeouts on the server databases (`db_statement_timeout`, `db_lock_timeout`): on for the
   * processes that answer requests, off for workers and administrative commands, whose statements may run long.
   */
  statementTimeouts?: boolean | undefined;
}

export async function createRuntime(bench: Bench, options: RuntimeOptions = {}): Promise<Runtime> {
  const common = bench.commonConfig();
  const databases = new SiteDatabases(bench, { statementTimeouts: options.statementTimeouts });
  const cache = createCache({ redisUrl: common.redis_cache });
  const bus = createBus({ redisUrl: common.redis_queue });
  const metas = new MetaCaches({ cache, bus });
  const stopListening = await metas.listen();
  const registry = options.registry ?? (await benchJobRegistry(bench));
  const jobs = createJobService({ bench, databases, bus, registry });
  return {
    bench,
    databases,
    cache,
    bus,
    metas,
    controllers: coreControllers(),
    jobs,
    async close() {
      await stopListening();
      await jobs.close();
      await Promise.allSettled([databases.closeAll(), cache.close(), bus.close()]);
    },
  };
}
