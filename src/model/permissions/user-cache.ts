import { invalidateChannel, SharedVersion, type SharedVersionOptions } from '../../bus/shared-version.ts';
import type { Queryable, Transaction } from '../../db/database.ts';
import type { DocUserType } from '../context.ts';

/** What a user cache is built from: the site's shared-version options, its name, and how to load one user. */
export interface UserCacheOptions<T> extends Omit<SharedVersionOptions, 'name' | 'onStale'> {
  /** What is cached (`roles`, `user_permissions`): names the shared version key and the bus channel. */
  name: string;
  load(db: Queryable, user: string, userType: DocUserType): Promise<T>;
}

// Enough for every active user of a large site; past it the oldest entries go (Map keeps insertion order).
const maxUsers = 10_000;

/**
 * Something every request needs about its user (their roles, their User Permissions), kept in-process per site
 * so a request does not query for it (Frappe keeps these in Redis for the same reason). A change is announced
 * with `invalidateOnCommit`/`invalidate` (a shared version bump and a bus message on `<name>_invalidate`), after
 * which every process reloads: at once when the message arrives, at the latest on its next version check.
 *
 * @example const roles = await metas.roles.get(ctx.db, ctx.user, ctx.userType);
 */
export class UserCache<T> {
  readonly channel: string;
  readonly #version: SharedVersion;
  readonly #load: UserCacheOptions<T>['load'];
  readonly #entries = new Map<string, Promise<T>>();
  // Transactions that changed what is cached: reads through them bypass the cache until they commit.
  readonly #dirty = new WeakSet<object>();
  #generation = 0;

  constructor(options: UserCacheOptions<T>) {
    const { load, ...shared } = options;
    this.#load = load;
    this.#version = new SharedVersion({ ...shared, onStale: () => this.forget() });
    this.channel = invalidateChannel(options.name);
  }

  /** The value for `user`, loaded on first need. */
  get(db: Queryable, user: string, userType: DocUserType): Promise<T> {
    if (this.#dirty.has(db)) return this.#load(db, user, userType);
    // Not async: between version checks a cached value is handed out without another await.
    const checking = this.#version.check();
    return checking ? checking.then(() => this.#entry(db, user, userType)) : this.#entry(db, user, userType);
  }

  #entry(db: Queryable, user: string, userType: DocUserType): Promise<T> {
    const key = `${userType}\x1f${user}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size >= maxUsers) {
        const oldest = this.#entries.keys().next().value!;
        this.#entries.delete(oldest);
      }
      const generation = this.#generation;
      entry = this.#load(db, user, userType);
      this.#entries.set(key, entry);
      // A failed load is not kept, nor one overtaken by an invalidation.
      entry.then(
        () => {
          if (generation !== this.#generation) this.#entries.delete(key);
        },
        () => this.#entries.delete(key),
      );
    }
    return entry;
  }

  /** Marks `tx` as changing what is cached: it reads fresh, and every process forgets once it commits. */
  invalidateOnCommit(tx: Transaction): void {
    if (this.#dirty.has(tx)) return;
    this.#dirty.add(tx);
    tx.afterCommit(() => this.invalidate());
  }

  /** Forgets the site's entries here and in every other process. */
  invalidate(): Promise<void> {
    return this.#version.bump();
  }

  /** Forgets this process's entries only (what another process's announcement triggers). */
  forget(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}
