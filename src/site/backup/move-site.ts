import { randomBytes } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import type { Cache } from '../../cache/cache.ts';
import { type Bench, writeJsonAtomic } from '../../config/bench.ts';
import type { CommonConfig, SiteConfig } from '../../config/schema.ts';
import { openDatabase } from '../../db/open.ts';
import { createServerDatabase, databaseExists, dropServerDatabase } from '../../db/provision.ts';
import { siteOpenOptions } from '../../db/site-databases.ts';
import { defaultPort, serverDatabaseName } from '../create-site.ts';
import { underMaintenance } from '../maintenance.ts';
import type { BackupProgress } from './backup-database.ts';
import { BackupError } from './backup-error.ts';
import { backupSite } from './backup-site.ts';
import { restoreDatabase } from './restore-database.ts';

/** Options of `moveSite`. */
export interface MoveSiteOptions {
  to: 'postgres' | 'mariadb';
  dbHost?: string;
  dbPort?: number;
  rootUser?: string;
  rootPassword?: string;
  cache?: Cache;
  onProgress?: BackupProgress;
  /** How long maintenance mode is given to reach running processes (default `maintenanceSettleMs`). */
  settleMs?: number;
}

/** Where a moved site's data went. */
export interface MovedSite {
  backup: string;
  database: string;
  /** Where the old database is kept (it is never deleted). */
  archived: string;
  rows: number;
}

/**
 * Moves a site to another database: a backup (kept in private/backups), a new database on the server,
 * the backup restored into it, then `site_config.json` switched and the old database archived (a SQLite
 * file renamed `site.db.moved-<stamp>`; a server database left in place). A failure before the switch
 * drops the new database and leaves the site as it was. The whole move runs in maintenance mode
 * (`underMaintenance`): running backends refuse writes meanwhile, and switch to the new database (which
 * they notice in the config) before writes are accepted again.
 *
 * @example await moveSite(bench, 'erp.local', { to: 'postgres', rootUser: 'postgres' });
 */
export async function moveSite(bench: Bench, site: string, options: MoveSiteOptions): Promise<MovedSite> {
  const from = bench.siteConfig(site).db_type ?? 'sqlite';
  if (from === options.to) throw new BackupError(`${site} is already on ${from}`);
  const common = bench.commonConfig();
  const host = options.dbHost ?? common.db_host ?? '127.0.0.1';
  const port = options.dbPort ?? common.db_port ?? defaultPort(options.to);
  const admin = {
    type: options.to,
    host,
    port,
    rootUser: options.rootUser ?? (options.to === 'postgres' ? 'postgres' : 'root'),
    rootPassword: options.rootPassword ?? '',
  };
  const dbName = serverDatabaseName(site);
  if (await databaseExists({ ...admin, dbName }))
    throw new BackupError(
      `${options.to} already has a database ${dbName} (from an earlier move?): archive it first`,
    );
  return underMaintenance(
    bench,
    site,
    async () => {
      // Read now, under maintenance: nothing changes the site from here on.
      const config = bench.siteConfig(site);
      const { database: backup } = await backupSite(bench, site, { onProgress: options.onProgress });
      return switchDatabase(bench, site, config, backup.path, { ...admin, dbName, common, options });
    },
    { settleMs: options.settleMs, settleAfter: true },
  );
}

interface Target {
  type: MoveSiteOptions['to'];
  host: string;
  port: number;
  rootUser: string;
  rootPassword: string;
  dbName: string;
  common: CommonConfig;
  options: MoveSiteOptions;
}

// Restores the backup into a new server database, then points the site's config at it and archives the old one.
async function switchDatabase(
  bench: Bench,
  site: string,
  config: SiteConfig,
  backupPath: string,
  target: Target,
): Promise<MovedSite> {
  const { dbName, common, options, host, port, ...admin } = target;
  const dbPassword = randomBytes(12).toString('hex');
  await createServerDatabase({ ...admin, host, port, dbName, dbUser: dbName, dbPassword });
  let rows: number;
  try {
    const db = openDatabase({
      type: options.to,
      host,
      port,
      database: dbName,
      user: dbName,
      password: dbPassword,
    });
    try {
      ({ rows } = await restoreDatabase(db, backupPath, options.onProgress));
    } finally {
      await db.close();
    }
  } catch (error) {
    await dropServerDatabase({ ...admin, host, port, dbName, dbUser: dbName }).catch(() => undefined);
    throw error;
  }

  const old = siteOpenOptions(config, bench.sitePath(site));
  const { db_file: _file, db_user: _user, ...rest } = config;
  const next: Record<string, unknown> = {
    ...rest,
    db_type: options.to,
    db_name: dbName,
    db_password: dbPassword,
  };
  delete next.db_host;
  delete next.db_port;
  // Only what differs from the common config is written, as new-site does.
  if (host !== common.db_host) next.db_host = host;
  if (port !== (common.db_port ?? defaultPort(options.to))) next.db_port = port;
  writeJsonAtomic(bench.siteConfigPath(site), next);
  await options.cache?.delPrefix(`${site}|`);

  let archived: string;
  if (old.type === 'sqlite') {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    archived = `${old.file}.moved-${stamp}`;
    renameSync(old.file, archived);
    for (const suffix of ['-wal', '-shm'])
      if (existsSync(old.file + suffix)) renameSync(old.file + suffix, archived + suffix);
  } else {
    archived = `${old.type} database ${old.database} on ${old.host}:${old.port} (left in place)`;
  }
  return { backup: backupPath, database: `${options.to} ${dbName} on ${host}:${port}`, archived, rows };
}
