import { Redis } from 'ioredis';
import { createLogger, type Logger } from '../config/log.ts';
import type { Cache } from './cache.ts';
import { CacheClosedError, CacheNotIntegerError, CacheUnavailableError } from './errors.ts';
import { closeClient, fastFailOptions, RedisLink } from './redis-link.ts';
import { redisWhere } from './redis-where.ts';
import { ttlMs } from './ttl.ts';

/** Options of the Redis cache. */
export interface RedisCacheOptions {
  /** `redis://[:password@]host:port[/db]` (`redis_cache` of the common config). */
  url: string;
  /** Prepended to every key, so tenants and test runs never collide. Default none. */
  keyPrefix?: string;
  /** A command Redis does not answer fails after this long instead of hanging. Default 1 000 ms. */
  commandTimeoutMs?: number;
  logger?: Logger;
}

/** Keys per SCAN step and per UNLINK in `delPrefix`: large enough to be quick, small enough not to block Redis. */
const scanBatch = 500;

/**
 * The distributed cache on Redis. While Redis is unreachable every command fails at once with
 * `CacheUnavailableError` (503 through the API); the client keeps reconnecting behind them and the cache works
 * again as soon as Redis answers. An outage is logged in three lines, not one per reconnect attempt.
 *
 * @example const cache = new RedisCache({ url: 'redis://redis-cache:6379', keyPrefix: 'cortado|' });
 */
export class RedisCache implements Cache {
  readonly #client: Redis;
  readonly #link: RedisLink;
  readonly #prefix: string;
  readonly #where: string;
  #closed = false;

  constructor(options: RedisCacheOptions) {
    this.#prefix = options.keyPrefix ?? '';
    this.#where = redisWhere(options.url);
    const log = options.logger ?? createLogger('cache');
    this.#client = new Redis(options.url, {
      ...fastFailOptions(options.commandTimeoutMs),
      connectionName: 'cortado-cache',
    });
    this.#link = new RedisLink(this.#client, { where: this.#where, role: 'cache', log });
  }

  get(key: string): Promise<string | undefined> {
    return this.#run(async (r) => (await r.get(this.#prefix + key)) ?? undefined);
  }

  set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    const ms = ttlMs(ttlSeconds);
    return this.#run(async (r) => {
      if (ms === undefined) await r.set(this.#prefix + key, value);
      else await r.set(this.#prefix + key, value, 'PX', ms);
    });
  }

  del(...keys: string[]): Promise<number> {
    if (keys.length === 0) return this.#run(async () => 0);
    return this.#run((r) => r.del(...keys.map((k) => this.#prefix + k)));
  }

  delPrefix(prefix: string): Promise<void> {
    const match = `${globEscape(this.#prefix + prefix)}*`;
    return this.#run(async (r) => {
      // SCAN never blocks the server the way KEYS does; UNLINK frees memory off the main thread.
      let cursor = '0';
      do {
        const [next, found] = await r.scan(cursor, 'MATCH', match, 'COUNT', scanBatch);
        cursor = next;
        if (found.length) await r.unlink(...found);
      } while (cursor !== '0');
    });
  }

  incr(key: string, ttlSeconds?: number): Promise<number> {
    const k = this.#prefix + key;
    const ms = ttlMs(ttlSeconds);
    return this.#run(async (r) => {
      // SET NX PX creates a new key with its TTL exactly once; INCR keeps an existing TTL. Unlike EXPIRE NX this
      // also works on Redis 6.2, which frappe_docker deploys.
      const multi = r.multi();
      if (ms !== undefined) multi.set(k, '0', 'PX', ms, 'NX');
      multi.incr(k);
      const results = await multi.exec();
      const last = results?.at(-1);
      if (!last) throw new Error('transaction aborted');
      const [error, count] = last;
      if (error) throw error;
      return count as number;
    }, key);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#link.forget();
    await closeClient(this.#client);
  }

  async #run<T>(command: (r: Redis) => Promise<T>, key?: string): Promise<T> {
    if (this.#closed) throw new CacheClosedError();
    if (this.#link.down) throw new CacheUnavailableError(this.#where, this.#link.reason);
    try {
      return await command(this.#client);
    } catch (error) {
      if (this.#closed) throw new CacheClosedError();
      this.#link.commandFailed(error);
      if (key !== undefined && error instanceof Error && /not an integer|out of range/.test(error.message)) {
        throw new CacheNotIntegerError(key);
      }
      throw new CacheUnavailableError(this.#where, error);
    }
  }
}

/** Escapes Redis glob metacharacters so a prefix matches only itself. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
