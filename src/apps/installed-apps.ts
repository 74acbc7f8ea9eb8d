// Which apps each site has installed: the rows of the Single `Installed Applications` (child `Installed
// Application`, `app_name`, by idx), kept in-process per site and dropped, like the metas, when another process
// announces a change (a version token in the shared cache plus a bus message; see cache/shared-version.ts).
// install-app / uninstall-app call `forgetInstalledApps` after their commit.
import type { Bus } from '../bus/bus.ts';
import type { Cache } from '../cache/cache.ts';
import { invalidateChannel, SharedVersion, siteOfInvalidation } from '../cache/shared-version.ts';
import type { Queryable } from '../db/database.ts';
import { tableName } from '../db/meta.ts';
import { schemaAdapter } from '../db/schema/adapters.ts';
import { coreAppName } from './app-names.ts';

const versionName = 'installed_apps';

/** The bus channel announcing that a site's installed apps changed: JSON `{site}`. */
export const installedAppsChannel = invalidateChannel(versionName);

/** The cache and bus shared with the bench's other processes (none: this process only). */
export interface SharedHandles {
  cache?: Cache | undefined;
  bus?: Bus | undefined;
}

/**
 * The site's installed apps in install order, `frappe` first (Frappe's `get_installed_apps`). A site whose
 * schema has no Installed Application table yet has only the core.
 */
export async function readInstalledAppNames(db: Queryable): Promise<string[]> {
  const table = tableName('Installed Application');
  if (!(await schemaAdapter(db.dialect.type).describe(db, table))) return [coreAppName];
  const q = db.dialect.quote;
  const rows = await db.all<{ app_name: string }>(
    `SELECT ${q('app_name')} FROM ${q(table)} WHERE ${q('parent')} = ? AND ${q('parentfield')} = ?
      ORDER BY ${q('idx')}`,
    ['Installed Applications', 'installed_applications'],
  );
  const names = rows.map((row) => row.app_name).filter((name) => name !== coreAppName);
  return [coreAppName, ...new Set(names)];
}

/**
 * Tells every process that `site`'s installed apps changed (call after the change commits): bumps the shared
 * version and publishes on the bus, so each process's InstalledApps reads them again.
 *
 * @example await forgetInstalledApps(runtime, site);
 */
export async function forgetInstalledApps(shared: SharedHandles, site: string): Promise<void> {
  await new SharedVersion({ site, name: versionName, ...shared, onStale: () => undefined }).bump();
}

/**
 * The process's view of each site's installed apps. Reads once per site, then answers from memory until an
 * announcement (bus) or a moved version (checked at most once a second) says the list changed.
 *
 * @example if ((await installed.of(site, db)).includes('library_management')) ...
 */
export class InstalledApps {
  readonly #shared: SharedHandles & { checkIntervalMs?: number | undefined };
  readonly #sites = new Map<string, SiteApps>();

  constructor(shared: SharedHandles & { checkIntervalMs?: number | undefined } = {}) {
    this.#shared = shared;
  }

  /** The installed apps of `site` (read through `db` when not known). */
  async of(site: string, db: Queryable): Promise<readonly string[]> {
    const entry = this.#entry(site);
    await entry.version.check();
    if (!entry.names) {
      const names = readInstalledAppNames(db);
      entry.names = names;
      // A failed read is not kept: the next call tries again.
      names.catch(() => {
        if (entry.names === names) entry.names = undefined;
      });
    }
    return entry.names;
  }

  /** Drops this process's copy for `site` and tells the other processes (after install/uninstall). */
  forget(site: string): Promise<void> {
    return this.#entry(site).version.bump();
  }

  /** Subscribes to other processes' announcements; resolves to the unsubscriber. Without a bus, does nothing. */
  async listen(): Promise<() => Promise<void>> {
    const { bus } = this.#shared;
    if (!bus) return async () => undefined;
    return bus.subscribe(installedAppsChannel, (message) => {
      const site = siteOfInvalidation(message);
      const entry = site === undefined ? undefined : this.#sites.get(site);
      if (entry) entry.names = undefined;
    });
  }

  #entry(site: string): SiteApps {
    let entry = this.#sites.get(site);
    if (!entry) {
      entry = new SiteApps(site, this.#shared);
      this.#sites.set(site, entry);
    }
    return entry;
  }
}

/** One site's list and the shared version that says when it is stale. */
class SiteApps {
  names: Promise<string[]> | undefined;
  readonly version: SharedVersion;

  constructor(site: string, shared: SharedHandles & { checkIntervalMs?: number | undefined }) {
    this.version = new SharedVersion({
      site,
      name: versionName,
      ...shared,
      onStale: () => {
        this.names = undefined;
      },
    });
  }
}
