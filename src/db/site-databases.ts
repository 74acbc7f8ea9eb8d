import { isAbsolute, join } from 'node:path';
import type { Bench } from '../config/bench.ts';
import { siteConfigRecheckMs } from '../config/maintenance.ts';
import type { SiteConfig } from '../config/schema.ts';
import type { Database } from './database.ts';
import { type OpenOptions, openDatabase } from './open.ts';

/**
 * How a site's config maps to a connection: `db_type` (default sqlite); SQLite `db_file` (default `site.db`,
 * relative to the site folder) and `sqlite_synchronous` (`full` default, or `normal`); servers `db_host` (default 127.0.0.1), `db_port` (5432/3306), `db_name`,
 * `db_user` (default `db_name`), `db_password`.
 */
export function siteOpenOptions(config: SiteConfig, sitePath: string): OpenOptions {
  const type = config.db_type ?? 'sqlite';
  if (type === 'sqlite') {
    const file = config.db_file ?? 'site.db';
    const path = isAbsolute(file) ? file : join(sitePath, file);
    return config.sqlite_synchronous
      ? { type, file: path, synchronous: config.sqlite_synchronous }
      : { type, file: path };
  }
  const database = config.db_name;
  if (!database) throw new Error(`db_name is missing for a ${type} site`);
  return {
    type,
    host: config.db_host ?? '127.0.0.1',
    port: config.db_port ?? (type === 'postgres' ? 5432 : 3306),
    database,
    user: config.db_user ?? database,
    password: config.db_password,
  };
}

/** How long a replaced handle stays open for the requests and jobs still using it. */
const retireAfterMs = 60_000;

interface OpenSite {
  db: Database;
  /** The connection options it was opened with, as JSON: a change means the site's database moved. */
  key: string;
  checkedAt: number;
}

/**
 * Every site's database handle, opened on first use from the site's config and kept open. At most every
 * `recheckMs` (default `siteConfigRecheckMs`) per site the config is read again: when it names another
 * database (`move-site` switched it), the next `get` opens that one, and the old handle is closed a minute
 * later, once what still runs on it has ended.
 *
 * @example const dbs = new SiteDatabases(bench); const rows = await dbs.get('a.localhost').all('select 1 as x');
 */
export class SiteDatabases {
  private readonly open = new Map<string, OpenSite>();
  /** Handles replaced after a move, closed a minute later (or by closeAll). */
  private readonly retired = new Set<Database>();
  private readonly recheckMs: number;

  constructor(
    private readonly bench: Bench,
    options: { recheckMs?: number } = {},
  ) {
    this.recheckMs = options.recheckMs ?? siteConfigRecheckMs;
  }

  /** The site's database (throws `SiteNotFoundError` for an unknown site, `ConfigError` for a bad config). */
  get(site: string): Database {
    const entry = this.open.get(site);
    if (!entry) {
      const options = this.optionsOf(site);
      const db = openDatabase(options);
      this.open.set(site, { db, key: JSON.stringify(options), checkedAt: Date.now() });
      return db;
    }
    const now = Date.now();
    if (now - entry.checkedAt >= this.recheckMs) {
      entry.checkedAt = now;
      this.recheck(site, entry);
    }
    return entry.db;
  }

  /** Whether the site's database is currently open. */
  isOpen(site: string): boolean {
    return this.open.has(site);
  }

  /** Closes one site's database (e.g. before drop-site or restore); the next `get` reopens it. */
  async close(site: string): Promise<void> {
    const entry = this.open.get(site);
    this.open.delete(site);
    await entry?.db.close();
  }

  async closeAll(): Promise<void> {
    const all = [...[...this.open.values()].map((entry) => entry.db), ...this.retired];
    this.open.clear();
    this.retired.clear();
    await Promise.all(all.map((db) => db.close()));
  }

  private optionsOf(site: string): OpenOptions {
    return siteOpenOptions(this.bench.siteConfig(site), this.bench.sitePath(site));
  }

  // Switches the entry to the database the config names now; a config that cannot be read keeps the handle.
  private recheck(site: string, entry: OpenSite): void {
    let options: OpenOptions;
    try {
      options = this.optionsOf(site);
    } catch {
      return;
    }
    const key = JSON.stringify(options);
    if (key === entry.key) return;
    const old = entry.db;
    entry.db = openDatabase(options);
    entry.key = key;
    this.retired.add(old);
    setTimeout(() => {
      this.retired.delete(old);
      old.close().catch(() => undefined);
    }, retireAfterMs).unref();
  }
}
