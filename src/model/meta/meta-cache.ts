import type { Bus } from '../../bus/bus.ts';
import { invalidateChannel, SharedVersion, type SharedVersionOptions } from '../../bus/shared-version.ts';
import type { Cache } from '../../cache/cache.ts';
import type { Queryable, Transaction } from '../../db/database.ts';
import { loadCustomizedMeta } from '../../db/schema/customizations.ts';
import { listDocTypes } from '../../db/schema/meta-store.ts';
import { DoesNotExistError } from '../../errors/index.ts';
import { loadRoleEntry, type Roles } from '../permissions/roles.ts';
import { UserCache } from '../permissions/user-cache.ts';
import { loadUserPermissions, type UserPermissionMap } from '../permissions/user-permissions.ts';
import { Meta } from './meta.ts';

/** The bus channel on which a process tells the others that a site's metas changed: JSON `{site, doctype}`. */
export const metaInvalidateChannel = invalidateChannel('meta');

// The per-user caches kept beside the metas (`MetaCache.userCaches`), each under its own shared version.
const userCacheNames = { roles: 'roles', userPermissions: 'user_permissions' } as const;

/** The bus channels of the per-user caches kept beside the metas. */
export const userCacheChannels: readonly string[] = Object.values(userCacheNames).map(invalidateChannel);

/** Every shared version a site's `MetaCache` keeps: what a change to the whole site (a restore) must bump. */
export const siteVersionNames: readonly string[] = ['meta', ...Object.values(userCacheNames)];

/**
 * Options of a site's meta cache: the shared cache holding the site's version (`<site>|meta_version`; none
 * means this process only), the bus for announcements, and how often a read checks the shared version.
 */
export type MetaCacheOptions = Omit<SharedVersionOptions, 'name' | 'onStale'>;

/**
 * One site's DocType metas, loaded from the database with their customizations (`loadCustomizedMeta`) and
 * kept in-process; a Custom Field or Property Setter change invalidates its DocType like a DocType change. A change is
 * announced by `invalidate` (or `invalidateOnCommit` inside a transaction): it bumps the site's version key in
 * the shared cache and publishes on `meta_invalidate`; other processes drop their copies when the message
 * arrives, or at the latest when a read sees the version moved.
 *
 * @example const meta = await metas.get(ctx.db, 'ToDo');
 */
export class MetaCache {
  readonly site: string;
  /** The site's users' roles, kept beside the metas and invalidated the same way (on their own channel). */
  readonly roles: UserCache<Roles>;
  /** The site's users' User Permissions, likewise. */
  readonly userPermissions: UserCache<UserPermissionMap>;
  /** The shared cache and bus the site's state is kept in step through (ending a user's sessions uses them too). */
  readonly shared: { readonly cache?: Cache | undefined; readonly bus?: Bus | undefined };
  readonly #version: SharedVersion;
  readonly #metas = new Map<string, Promise<Meta | undefined>>();
  // Transactions that changed a DocType: reads through them bypass the cache until they commit.
  readonly #dirty = new WeakMap<object, Set<string>>();
  // Bumped on every clear, so a load that started before the clear does not store a stale meta.
  #generation = 0;
  // Folded DocType name → stored name (null when two differ only in case), for `storedName`; per generation.
  #folded: { generation: number; names: Promise<Map<string, string | null>> } | undefined;

  constructor(options: MetaCacheOptions) {
    this.site = options.site;
    this.shared = { cache: options.cache, bus: options.bus };
    this.#version = new SharedVersion({ ...options, name: 'meta', onStale: () => this.forget() });
    this.roles = new UserCache({ ...options, name: userCacheNames.roles, load: loadRoleEntry });
    this.userPermissions = new UserCache({
      ...options,
      name: userCacheNames.userPermissions,
      load: (db, user) => loadUserPermissions(db, user, this),
    });
  }

  /** The meta of `doctype`; DoesNotExistError (404) when there is no such DocType. */
  async get(db: Queryable, doctype: string): Promise<Meta> {
    const meta = await this.find(db, doctype);
    if (!meta) throw new DoesNotExistError(`DocType ${doctype} not found`);
    return meta;
  }

  /** The meta of `doctype`, or undefined when there is no such DocType. */
  find(db: Queryable, doctype: string): Promise<Meta | undefined> {
    if (typeof doctype !== 'string' || doctype === '') return Promise.resolve(undefined);
    const dirty = this.#dirty.get(db);
    if (dirty && (dirty.has(doctype) || dirty.has(everyDocType))) return load(db, doctype);
    // Not async: between version checks a cached meta is handed out without another await.
    const checking = this.#version.check();
    return checking ? checking.then(() => this.#entry(db, doctype)) : this.#entry(db, doctype);
  }

  /**
   * The stored name of the DocType `spelling` names: itself when a DocType has exactly that name, else the
   * one whose name equals it ignoring case and trailing spaces (as MariaDB's collation matches, so
   * `/api/resource/todo` finds `ToDo` on every database); undefined when none does or two would. Only a miss
   * on the exact name reads the list of names, kept until the metas are next invalidated.
   */
  async storedName(db: Queryable, spelling: string): Promise<string | undefined> {
    if (await this.find(db, spelling)) return spelling;
    if (typeof spelling !== 'string' || spelling.length > 140) return undefined;
    const dirty = this.#dirty.get(db);
    const names = dirty ? foldedNames(db) : this.#foldedNames(db);
    return (await names).get(fold(spelling)) ?? undefined;
  }

  #foldedNames(db: Queryable): Promise<Map<string, string | null>> {
    if (this.#folded?.generation !== this.#generation) {
      const names = foldedNames(db);
      const entry = { generation: this.#generation, names };
      this.#folded = entry;
      names.catch(() => {
        if (this.#folded === entry) this.#folded = undefined;
      });
    }
    return this.#folded.names;
  }

  #entry(db: Queryable, doctype: string): Promise<Meta | undefined> {
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
  invalidate(doctype?: string): Promise<void> {
    return this.#version.bump({ doctype: doctype ?? null });
  }

  /** Changes whenever this process's copies are dropped: derived caches (e.g. readable DocTypes) key on it. */
  get generation(): number {
    return this.#generation;
  }

  /** The per-user caches kept beside the metas, each invalidated on its own channel. */
  get userCaches(): readonly UserCache<unknown>[] {
    return [this.roles, this.userPermissions];
  }

  /** Forgets this process's copies only (what another process's announcement triggers). */
  forget(): void {
    this.#generation += 1;
    this.#metas.clear();
  }
}

// How MariaDB's utf8mb4_unicode_ci compares DocType names, near enough: case and trailing spaces ignored.
function fold(name: string): string {
  return name.replace(/ +$/, '').toLowerCase();
}

async function foldedNames(db: Queryable): Promise<Map<string, string | null>> {
  const map = new Map<string, string | null>();
  for (const name of await listDocTypes(db)) {
    const key = fold(name);
    map.set(key, map.has(key) ? null : name);
  }
  return map;
}

// Marks every DocType dirty in a transaction.
const everyDocType = '*';

async function load(db: Queryable, doctype: string): Promise<Meta | undefined> {
  const raw = await loadCustomizedMeta(db, doctype);
  return raw ? new Meta(raw) : undefined;
}
