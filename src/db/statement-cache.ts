import { LruMap } from '../cache/lru-map.ts';

/**
 * A bounded least-recently-used map from SQL text to whatever a dialect derives from it
 * (prepared statements, rewritten placeholders). Unbounded caches leak when SQL embeds varying lists.
 */
export class StatementCache<V> {
  private readonly entries: LruMap<string, V>;
  constructor(limit = 500) {
    this.entries = new LruMap(limit);
  }

  /** The cached value for `sql`, creating it with `make` when absent. */
  get(sql: string, make: (sql: string) => V): V {
    return this.entries.get(sql) ?? this.entries.set(sql, make(sql));
  }

  clear(): void {
    this.entries.clear();
  }
}
