import { invalidateChannel, SharedVersion, type SharedVersionOptions } from '../../cache/shared-version.ts';
import type { Queryable, Transaction } from '../../db/database.ts';
import type { DocUserType } from '../context.ts';
import { loadRoles } from './roles.ts';

/** The bus channel on which a process tells the others that a site's roles changed: JSON `{site}`. */
export const rolesInvalidateChannel = invalidateChannel('roles');

// Enough for every active user of a large site; past it the oldest entries go (Map keeps insertion order).
const maxUsers = 10_000;

/**
 * One site's users' roles, kept in-process so a request does not query `tabHas Role` (Frappe keeps them in
 * Redis for the same reason). Any change to users' roles or to the set of roles is announced with
 * `invalidateOnCommit`/`invalidate` (a shared version bump and a bus message on `roles_invalidate`), after
 * which every process reloads: at once when the message arrives, at the latest on its next version check.
 *
 * @example const roles = await metas.roles.get(ctx.db, ctx.user, ctx.userType);
 */
export class RoleCache {
  readonly #version: SharedVersion;
  readonly #roles = new Map<string, Promise<readonly string[]>>();
  // Transactions that changed roles: reads through them bypass the cache until they commit.
  readonly #dirty = new WeakSet<object>();
  #generation = 0;

  constructor(options: Omit<SharedVersionOptions, 'name' | 'onStale'>) {
    this.#version = new SharedVersion({ ...options, name: 'roles', onStale: () => this.forget() });
  }

  /** The roles of `user` as `loadRoles` gives them. */
  async get(db: Queryable, user: string, userType: DocUserType): Promise<readonly string[]> {
    if (this.#dirty.has(db)) return loadRoles(db, user, userType);
    await this.#version.check();
    const key = `${userType}\x1f${user}`;
    let entry = this.#roles.get(key);
    if (!entry) {
      if (this.#roles.size >= maxUsers) this.#roles.delete(this.#roles.keys().next().value!);
      const generation = this.#generation;
      entry = loadRoles(db, user, userType);
      this.#roles.set(key, entry);
      // A failed load is not kept, nor one overtaken by an invalidation.
      entry.then(
        () => {
          if (generation !== this.#generation) this.#roles.delete(key);
        },
        () => this.#roles.delete(key),
      );
    }
    return entry;
  }

  /** Marks `tx` as changing roles: it reads them fresh, and every process forgets them once it commits. */
  invalidateOnCommit(tx: Transaction): void {
    if (this.#dirty.has(tx)) return;
    this.#dirty.add(tx);
    tx.afterCommit(() => this.invalidate());
  }

  /** Forgets the site's roles here and in every other process. */
  invalidate(): Promise<void> {
    return this.#version.bump();
  }

  /** Forgets this process's copies only (what another process's announcement triggers). */
  forget(): void {
    this.#generation += 1;
    this.#roles.clear();
  }
}
