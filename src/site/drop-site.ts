import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Bench } from '../config/bench.ts';
import { SiteNotFoundError } from '../config/bench.ts';
import { archiveServerDatabase } from '../db/index.ts';
import { defaultPort } from './create-site.ts';

export interface DropSiteOptions {
  rootUser?: string;
  rootPassword?: string;
}

/** Where a dropped site went: nothing is deleted, only moved aside. */
export interface DroppedSite {
  folder: string;
  database: string;
}

/**
 * Drops a site without deleting data: its folder moves to `archived_sites/<site>-<timestamp>` beside
 * `sites/`, and a server database is archived (renamed on PostgreSQL; left in place on MariaDB, which
 * cannot rename databases). The default site is cleared when it was this one.
 */
export async function dropSite(
  bench: Bench,
  site: string,
  options: DropSiteOptions = {},
): Promise<DroppedSite> {
  if (!bench.hasSite(site)) throw new SiteNotFoundError(site);
  const config = bench.siteConfig(site);
  const type = config.db_type ?? 'sqlite';
  let database = 'SQLite file archived with the site folder';
  if (type !== 'sqlite') {
    const archived = await archiveServerDatabase({
      type,
      host: config.db_host ?? '127.0.0.1',
      port: config.db_port ?? defaultPort(type),
      rootUser: options.rootUser ?? (type === 'postgres' ? 'postgres' : 'root'),
      rootPassword: options.rootPassword ?? '',
      dbName: config.db_name!,
    });
    database = archived.description;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const archive = join(dirname(bench.sitesPath), 'archived_sites', `${site}-${stamp}`);
  mkdirSync(dirname(archive), { recursive: true });
  renameSync(bench.sitePath(site), archive);
  if (bench.defaultSite() === site) bench.setDefaultSite('');
  return { folder: archive, database };
}
