// Which apps each site has installed: the rows of the Single `Installed Applications` (child `Installed
// Application`, `app_name`, by idx), kept in-process per site and dropped, like the metas, when another process
// announces a change (a version token in the shared cache plus a bus message; see bus/shared-version.ts).
// install-app / uninstall-app call `forgetInstalledApps` after their commit.
import type { Bus } from '../bus/bus.ts';
import { invalidateChannel, SharedVersion, siteOfInvalidation } from '../bus/shared-version.ts';
import type { Cache } from '../cache/cache.ts';
import { coreAppName, readInstalledApps } from '../core/apps/index.ts';
import type { Queryable } from '../db/database.ts';
import { tableName } from '../db/meta.ts';
import { schemaAdapter } from '../db/schema/adapters.ts';

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
  const names = (await readInstalledApps(db))
    .map((app) => app.app_name)
    .filter((name) => name !== coreAppName);
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

/** What an InstalledApps is made of. */
export interface InstalledAppsOptions extends SharedHandles {
  /** Reads a site's installed apps (e.g. `readInstalledAppNames(databases.get(site))`: committed rows). */
  read: (site: string) => Promise<string[]>;
  /** How often a read compares the shared version (ms; default 1000). */
  checkIntervalMs?: number | undefined;
}

/**
 * The process's view of each site's installed apps. Reads once per site, then answers from memory until an
 * announcement (bus) or a moved version (checked at most once a second) says the list changed; a site read
 * before is then read again at once, so `peek` (for synchronous callers) keeps answering.
 *
 * @example if ((await installed.of(site)).includes('library_management')) ...
 */
export class InstalledApps {
  readonly #options: InstalledAppsOptions;
  readonly #sites = new Map<string, SiteApps>();

  constructor(options: InstalledAppsOptions) {
    this.#options = options;
  }

  /** The installed apps of `site`, `frappe` first. */
  async of(site: string): Promise<readonly string[]> {
    const entry = this.#entry(site);
    await entry.version.check();
    return entry.names ?? this.#refresh(site, entry);
  }

  /** Whether `app` is installed on `site`. */
  async has(site: string, app: string): Promise<boolean> {
    return (await this.of(site)).includes(app);
  }

  /**
   * The list last read for `site`, without waiting (undefined before the first read, which this starts). For
   * callers that cannot wait, such as a controller's `appliesTo`; `warm` makes the first answer ready.
   */
  peek(site: string): readonly string[] | undefined {
    const entry = this.#entry(site);
    const checking = entry.version.check();
    if (checking) void checking.catch(() => undefined);
    if (!entry.names) void this.#refresh(site, entry).catch(() => undefined);
    return entry.known;
  }

  /** Reads the sites' lists now (a site that fails to read is left for later). */
  async warm(sites: readonly string[]): Promise<void> {
    await Promise.allSettled(sites.map((site) => this.of(site)));
  }

  /**
   * Drops this process's copy for `site` and tells the other processes (after install/uninstall commits);
   * resolves once this process has read the new list (so `peek` answers it at once here).
   */
  async forget(site: string): Promise<void> {
    await this.#entry(site).version.bump();
    await this.of(site);
  }

  /** Subscribes to other processes' announcements; resolves to the unsubscriber. Without a bus, does nothing. */
  async listen(): Promise<() => Promise<void>> {
    const { bus } = this.#options;
    if (!bus) return async () => undefined;
    return bus.subscribe(installedAppsChannel, (message) => {
      const site = siteOfInvalidation(message);
      if (site !== undefined) this.#sites.get(site)?.stale();
    });
  }

  #refresh(site: string, entry: SiteApps): Promise<string[]> {
    const names = this.#options.read(site);
    entry.names = names;
    names.then(
      (list) => {
        if (entry.names === names) entry.known = list;
      },
      // A failed read is not kept: the next call tries again.
      () => {
        if (entry.names === names) entry.names = undefined;
      },
    );
    return names;
  }

  #entry(site: string): SiteApps {
    let entry = this.#sites.get(site);
    if (!entry) {
      entry = new SiteApps(site, this.#options, (stale) => {
        // Read again at once when the site was read before: `peek` keeps its last answer meanwhile.
        if (stale.known) void this.#refresh(site, stale).catch(() => undefined);
      });
      this.#sites.set(site, entry);
    }
    return entry;
  }
}

/** One site's list and the shared version that says when it is stale. */
class SiteApps {
  names: Promise<string[]> | undefined;
  known: string[] | undefined;
  readonly version: SharedVersion;
  readonly #reread: (entry: SiteApps) => void;

  constructor(
    site: string,
    shared: SharedHandles & { checkIntervalMs?: number | undefined },
    reread: (entry: SiteApps) => void,
  ) {
    this.#reread = reread;
    this.version = new SharedVersion({
      site,
      name: versionName,
      cache: shared.cache,
      bus: shared.bus,
      checkIntervalMs: shared.checkIntervalMs,
      onStale: () => this.stale(),
    });
  }

  stale(): void {
    this.names = undefined;
    this.#reread(this);
  }
}
