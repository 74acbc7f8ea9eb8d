import type { Logger } from '../config/log.ts';
import type { Cache } from './cache.ts';
import { MemoryCache } from './memory-cache.ts';
import { RedisCache } from './redis-cache.ts';

export type { Cache } from './cache.ts';
export { CacheClosedError, CacheNotIntegerError, CacheUnavailableError } from './errors.ts';
export { MemoryCache, type MemoryCacheOptions } from './memory-cache.ts';
export { RedisCache, type RedisCacheOptions } from './redis-cache.ts';

/** How to build the cache: a Redis URL (`redis_cache`) means Redis; none means in-process. */
export interface CreateCacheOptions {
  redisUrl?: string | undefined;
  /** Prepended to every Redis key (tenants, test runs). Ignored in memory, which is private to the process. */
  keyPrefix?: string | undefined;
  /** Entry bound of the in-process cache. Default 10 000. */
  maxEntries?: number | undefined;
  logger?: Logger | undefined;
}

/**
 * The cache for this process: Redis when `redisUrl` is set, else the in-process LRU (embedded `cortado start`).
 *
 * @example const cache = createCache({ redisUrl: common.redis_cache }); await cache.set('site|k', 'v', 60);
 */
export function createCache(options: CreateCacheOptions = {}): Cache {
  if (options.redisUrl) {
    return new RedisCache({ url: options.redisUrl, keyPrefix: options.keyPrefix, logger: options.logger });
  }
  return new MemoryCache({ maxEntries: options.maxEntries });
}
