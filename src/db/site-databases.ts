import { isAbsolute, join } from 'node:path';
import type { Bench } from '../config/bench.ts';
import type { SiteConfig } from '../config/schema.ts';
import type { Database } from './database.ts';
import { type OpenOptions, openDatabase } from './open.ts';
import { dbTimeouts } from './timeouts.ts';

/**
 * How a site's config maps to a connection: `db_type` (default sqlite); SQLite `db_file` (default `site.db`,
 * relative to the site folder); servers `db_host` (default 127.0.0.1), `db_port` (5432/3306), `db_name`,
 * `db_user` (default `db_name`), `db_password`; timeouts `db_connect_timeout`, and with `statements` (serving
 * processes) `db_statement_timeout` and `db_lock_timeout` (see `dbTimeouts`).
 */
export function siteOpenOptions(
  config: SiteConfig,
  sitePath: string,
  { statements = false } = {},
): OpenOptions {
  const type = config.db_type ?? 'sqlite';
  if (type === 'sqlite') {
    const file = config.db_file ?? 'site.db';
    return { type, file: isAbsolute(file) ? file : join(sitePath, file) };
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
    timeouts: dbTimeouts(config, { statements }),
  };
}

/** How a process's site databases are opened. */
export interface SiteDatabasesOptions {
  /** Statement and lock timeouts as well as the connect timeout (serving processes; see `dbTimeouts`). */
  statementTimeouts?: boolean;
}

/**
 * Every site's database handle, opened on first use from the site's config and kept open.
 *
 * @example const dbs = new SiteDatabases(bench); const rows = await dbs.get('a.localhost').all('select 1 as x');
 */
export class SiteDatabases {
  private readonly open = new Map<string, Database>();

  constructor(
    private readonly bench: Bench,
    private readonly options: SiteDatabasesOptions = {},
  ) {}

  /** The site's database (throws `SiteNotFoundError` for an unknown site, `ConfigError` for a bad config). */
  get(site: string): Database {
    let db = this.open.get(site);
    if (!db) {
      const statements = this.options.statementTimeouts ?? false;
      db = openDatabase(
        siteOpenOptions(this.bench.siteConfig(site), this.bench.sitePath(site), { statements }),
      );
      this.open.set(site, db);
    }
    return db;
  }

  /** Whether the site's database is currently open. */
  isOpen(site: string): boolean {
    return this.open.has(site);
  }

  /** Closes one site's database (e.g. before drop-site or restore); the next `get` reopens it. */
  async close(site: string): Promise<void> {
    const db = this.open.get(site);
    this.open.delete(site);
    await db?.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((db) => db.close()));
  }
}
