import type { Cache } from './cache.ts';
import { CacheClosedError, CacheNotIntegerError } from './errors.ts';
import { integerPattern, ttlMs } from './ttl.ts';

/** Options of the in-process cache; every field has a default. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used goes first beyond it. Default 10 000. */
  maxEntries?: number;
  /** Milliseconds clock; inject one for deterministic TTL tests. Default `Date.now`. */
  now?: () => number;
  /** How often expired entries are swept (0 disables). Default 60 000 ms. */
  sweepIntervalMs?: number;
  /** Entries examined per sweep, so a sweep stays cheap however large the cache. Default 1 000. */
  sweepBatch?: number;
}

interface Entry {
  value: string;
  /** Clock time after which the entry is gone; undefined = never. */
  expiresAt: number | undefined;
}

/**
 * The embedded cache: a Map kept in recency order (LRU, O(1) per operation) with TTLs.
 * Expired entries vanish on read; a periodic, bounded sweep reclaims ones nobody reads. Single-threaded JS makes
 * `incr` atomic by construction.
 *
 * @example const cache = new MemoryCache({ maxEntries: 1000 }); await cache.set('site|k', 'v', 60);
 */
export class MemoryCache implements Cache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #sweepBatch: number;
  readonly #timer: NodeJS.Timeout | undefined;
  // A live Map iterator survives inserts and deletes, so each sweep resumes where the last one stopped.
  #sweepCursor: MapIterator<[string, Entry]> | undefined;
  #closed = false;

  constructor(options: MemoryCacheOptions = {}) {
    this.#maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 10_000));
    this.#now = options.now ?? Date.now;
    this.#sweepBatch = Math.max(1, Math.floor(options.sweepBatch ?? 1_000));
    const interval = options.sweepIntervalMs ?? 60_000;
    if (interval > 0) {
      this.#timer = setInterval(() => this.sweep(), interval);
      // A cache must never be the reason a process stays alive.
      this.#timer.unref();
    }
  }

  /** Number of entries held, expired-but-unswept ones included (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    this.#assertOpen();
    return this.#live(key)?.value;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.#assertOpen();
    const ms = ttlMs(ttlSeconds);
    // As Redis' SET: a set without TTL clears any previous one.
    this.#store(key, { value, expiresAt: ms === undefined ? undefined : this.#now() + ms });
  }

  async del(...keys: string[]): Promise<number> {
    this.#assertOpen();
    let removed = 0;
    for (const key of new Set(keys)) {
      if (this.#live(key)) removed++;
      this.#entries.delete(key);
    }
    return removed;
  }

  async delPrefix(prefix: string): Promise<void> {
    this.#assertOpen();
    // Deleting the current entry while iterating a Map is safe.
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }

  async incr(key: string, ttlSeconds?: number): Promise<number> {
    this.#assertOpen();
    const entry = this.#live(key);
    if (!entry) {
      const ms = ttlMs(ttlSeconds);
      this.#store(key, { value: '1', expiresAt: ms === undefined ? undefined : this.#now() + ms });
      return 1;
    }
    const next = integerPattern.test(entry.value) ? Number(entry.value) + 1 : Number.NaN;
    if (!Number.isSafeInteger(next)) throw new CacheNotIntegerError(key);
    // An existing key keeps its TTL, as INCR does in Redis.
    entry.value = String(next);
    return next;
  }

  /** Drops up to `sweepBatch` expired entries; runs on the timer, callable directly. Returns how many it dropped. */
  sweep(): number {
    const now = this.#now();
    let dropped = 0;
    this.#sweepCursor ??= this.#entries.entries();
    for (let i = 0; i < this.#sweepBatch; i++) {
      const step = this.#sweepCursor.next();
      if (step.done) {
        this.#sweepCursor = undefined;
        break;
      }
      const [key, entry] = step.value;
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
        this.#entries.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#entries.clear();
    this.#sweepCursor = undefined;
  }

  /** The entry if present and unexpired, moved to most-recently-used; expired entries are dropped here. */
  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.#now()) return undefined;
    this.#entries.set(key, entry);
    return entry;
  }

  #store(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    // Map iteration order is insertion order, so the first key is the least recently used.
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new CacheClosedError();
  }
}
