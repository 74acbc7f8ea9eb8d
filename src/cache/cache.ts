/**
 * A shared key-value cache with TTLs: in-process (embedded) or Redis (`redis_cache`).
 * Values are strings; callers namespace keys by site (`<site>|<key>`).
 *
 * @example await cache.set('localhost|session|abc', json, 3600); const v = await cache.get('localhost|session|abc');
 */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  /** Stores a value; `ttlSeconds` > 0 makes it expire. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Removes keys; returns how many existed. */
  del(...keys: string[]): Promise<number>;
  /** Removes every key starting with `prefix` (e.g. all of a site's keys). */
  delPrefix(prefix: string): Promise<void>;
  /** Atomically adds 1 and returns the new count; a new key gets `ttlSeconds` (used for rate limits). */
  incr(key: string, ttlSeconds?: number): Promise<number>;
  close(): Promise<void>;
}
