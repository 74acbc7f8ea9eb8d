/**
 * A bounded map that forgets its least recently used entry first (a Map keeps insertion order: a hit moves its key
 * to the end). A hit on the key that is already the most recent moves nothing, so a hot key costs one lookup.
 *
 * @example const statements = new LruMap<string, Statement>(500); statements.get(sql) ?? statements.set(sql, prepare(sql));
 */
export class LruMap<K, V> {
  readonly #entries = new Map<K, V>();
  #newest: K | undefined;

  constructor(readonly limit: number) {}

  /** The value for `key`, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined && key !== this.#newest) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
      this.#newest = key;
    }
    return value;
  }

  /** Stores `value` as the most recently used, forgetting the least recently used beyond the limit; returns it. */
  set(key: K, value: V): V {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    this.#newest = key;
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value as K);
    return value;
  }

  delete(key: K): boolean {
    if (key === this.#newest) this.#newest = undefined;
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#newest = undefined;
  }

  get size(): number {
    return this.#entries.size;
  }
}
