import type { Bus } from '../../bus/bus.ts';
import type { Cache } from '../../cache/cache.ts';
import type { Queryable, Transaction } from '../../db/database.ts';
import { loadMeta } from '../../db/schema/meta-store.ts';
import { DoesNotExistError } from '../../errors/index.ts';
import { Meta } from './meta.ts';

/** The bus channel on which a process tells the others that a site's metas changed: JSON `{site, doctype}`. */
export const metaInvalidateChannel = 'meta_invalidate';

/** Options of a site's meta cache. */
export interface MetaCacheOptions {
  site: string;
  /** The shared cache holding the site's meta version (`<site>|meta_version`); none means this process only. */
  cache?: Cache | undefined;
  /** Where invalidations are announced to other processes (channel `meta_invalidate`). */
  bus?: Bus | undefined;
  /**
   * How often (ms) a read compares the shared version with the one this process last saw: the fallback for a
   * lost bus message (pub/sub is at-most-once). Default 1000; 0 checks on every read.
   */
  checkIntervalMs?: number | undefined;
  /** Clock (ms), for tests. */
  now?: (() => number) | undefined;
}

/**
 * One site's DocType metas, loaded from the database with `loadMeta` and kept in-process. A change is
 * announced by `invalidate` (or `invalidateOnCommit` inside a transaction): it bumps the site's version key in
 * the shared cache and publishes on `meta_invalidate`; other processes drop their copies when the message
 * arrives, or at the latest when a read sees the version moved.
 *
 * @example const meta = await metas.get(ctx.db, 'ToDo');
 */
export class MetaCache {
  readonly site: string;
  readonly #cache: Cache | undefined;
  readonly #bus: Bus | undefined;
  readonly #interval: number;
  readonly #now: () => number;
  readonly #metas = new Map<string, Promise<Meta | undefined>>();
  // Transactions that changed a DocType: reads through them bypass the cache until they commit.
  readonly #dirty = new WeakMap<object, Set<string>>();
  #seenVersion: string | undefined;
  #checkedAt = Number.NEGATIVE_INFINITY;
  // Bumped on every clear, so a load that started before the clear does not store a stale meta.
  #generation = 0;

  constructor(options: MetaCacheOptions) {
    this.site = options.site;
    this.#cache = options.cache;
    this.#bus = options.bus;
    this.#interval = options.checkIntervalMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** The meta of `doctype`; DoesNotExistError (404) when there is no such DocType. */
  async get(db: Queryable, doctype: string): Promise<Meta> {
    const meta = await this.find(db, doctype);
    if (!meta) throw new DoesNotExistError(`DocType ${doctype} not found`);
    return meta;
  }

  /** The meta of `doctype`, or undefined when there is no such DocType. */
  async find(db: Queryable, doctype: string): Promise<Meta | undefined> {
    if (typeof doctype !== 'string' || doctype === '') return undefined;
    const dirty = this.#dirty.get(db);
    if (dirty && (dirty.has(doctype) || dirty.has(everyDocType))) return load(db, doctype);
    await this.#checkVersion();
    let entry = this.#metas.get(doctype);
    if (!entry) {
      const generation = this.#generation;
      entry = load(db, doctype);
      this.#metas.set(doctype, entry);
      // Misses are not kept (a request for any made-up name must not grow the cache), nor failures, nor a
      // load overtaken by an invalidation.
      entry.then(
        (meta) => {
          if (!meta || generation !== this.#generation) this.#metas.delete(doctype);
        },
        () => this.#metas.delete(doctype),
      );
    }
    return entry;
  }

  /**
   * Marks `doctype` (every DocType when omitted) as changed by the open transaction `tx`: reads through `tx` see
   * its uncommitted meta, other readers keep the committed one, and once `tx` commits every process forgets
   * it. Nothing happens on rollback.
   */
  invalidateOnCommit(tx: Transaction, doctype?: string): void {
    let dirty = this.#dirty.get(tx);
    if (!dirty) {
      dirty = new Set();
      this.#dirty.set(tx, dirty);
      tx.afterCommit(() => this.invalidate([...dirty!].join(',')));
    }
    dirty.add(doctype ?? everyDocType);
  }

  /** Forgets the site's metas here and in every other process (version bump and bus message). */
  async invalidate(doctype?: string): Promise<void> {
    try {
      if (this.#cache) this.#seenVersion = String(await this.#cache.incr(versionKey(this.site)));
    } finally {
      // Also when the shared cache is unreachable: this process at least must not keep the old meta.
      this.#checkedAt = this.#now();
      this.forget();
    }
    if (this.#bus) {
      await this.#bus.publish(
        metaInvalidateChannel,
        JSON.stringify({ site: this.site, doctype: doctype ?? null }),
      );
    }
  }

  /** Changes whenever this process's copies are dropped: derived caches (e.g. readable DocTypes) key on it. */
  get generation(): number {
    return this.#generation;
  }

  /** Forgets this process's copies only (what another process's announcement triggers). */
  forget(): void {
    this.#generation += 1;
    this.#metas.clear();
  }

  async #checkVersion(): Promise<void> {
    if (!this.#cache) return;
    const now = this.#now();
    if (now - this.#checkedAt < this.#interval) return;
    this.#checkedAt = now;
    let version: string;
    try {
      version = (await this.#cache.get(versionKey(this.site))) ?? '0';
    } catch {
      // An unreachable shared cache must not fail reads; the bus and the next check still apply.
      return;
    }
    if (version !== this.#seenVersion) {
      if (this.#seenVersion !== undefined) this.forget();
      this.#seenVersion = version;
    }
  }
}

// Marks every DocType dirty in a transaction.
const everyDocType = '*';

async function load(db: Queryable, doctype: string): Promise<Meta | undefined> {
  const raw = await loadMeta(db, doctype);
  return raw ? new Meta(raw) : undefined;
}

function versionKey(site: string): string {
  return `${site}|meta_version`;
}
