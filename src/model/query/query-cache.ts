// A bounded LRU of compiled list queries, keyed by query shape (DocType meta fingerprint, fields, filter
// fields/operators/variants, sort, paging presence) and never by values or site, so equal requests on
// any site reuse one compiled SQL string and only rebind their values.
import { LruMap } from '../../cache/lru-map.ts';
import type { CompiledPlan } from './plan.ts';

/**
 * The compiled-SQL cache. One shared instance is the default; tests and benchmarks make their own.
 *
 * @example const cache = new QueryCache(1000); await runListQuery(db, input, { ...deps, cache });
 */
export class QueryCache {
  private readonly entries: LruMap<string, CompiledPlan>;
  hits = 0;
  misses = 0;

  constructor(readonly limit = 1000) {
    this.entries = new LruMap(limit);
  }

  /** The plan for `key`, refreshed as most recently used. */
  get(key: string): CompiledPlan | undefined {
    const plan = this.entries.get(key);
    if (plan === undefined) this.misses++;
    else this.hits++;
    return plan;
  }

  /** Stores a plan, evicting the least recently used beyond the limit. */
  set(key: string, plan: CompiledPlan): void {
    this.entries.set(key, plan);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }
}

/** The cache used when `QueryDeps.cache` is not given. */
export const sharedQueryCache = new QueryCache();
