/**
 * A bounded least-recently-used map from SQL text to whatever a dialect derives from it
 * (prepared statements, rewritten placeholders). Unbounded caches leak when SQL embeds varying lists.
 */
export class StatementCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly limit = 500) {}

  /** The cached value for `sql`, creating it with `make` when absent. */
  get(sql: string, make: (sql: string) => V): V {
    const hit = this.entries.get(sql);
    if (hit !== undefined) {
      // Re-insert so Map order tracks recency.
      this.entries.delete(sql);
      this.entries.set(sql, hit);
      return hit;
    }
    const value = make(sql);
    this.entries.set(sql, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
