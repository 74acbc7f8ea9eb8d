import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Bench, isValidSiteName, writeJsonAtomic } from '../config/bench.ts';
import type { DbType } from '../config/schema.ts';
import { createServerDatabase, dropServerDatabase, openDatabase, siteOpenOptions } from '../db/index.ts';
import { benchJobRegistry } from '../jobs/bench-registry.ts';
import { installJobSchema } from '../jobs/install.ts';
import { syncJobTypes } from '../jobs/scheduler/job-types.ts';
import { installSite } from './site-install.ts';

export interface NewSiteOptions {
  name: string;
  dbType: DbType;
  adminPassword: string;
  /** Server databases: host/port of the server (defaults from common config, then 127.0.0.1). */
  dbHost?: string;
  dbPort?: number;
  /** Server databases: an account allowed to create databases and users. */
  rootUser?: string;
  rootPassword?: string;
  /** Server databases: the database (and its user) name, instead of one derived from the site name. */
  dbName?: string | undefined;
  setDefault?: boolean;
  onProgress?: (step: string, done: number, total: number) => void;
}

/** Thrown for a site that cannot be created as asked; nothing was left behind. */
export class SiteSetupError extends Error {
  override name = 'SiteSetupError';
}

/**
 * Creates a site: its folder (`public/files`, `private/files`), `site_config.json`, its database
 * (a SQLite file, or a new database and user on the server), the core schema and the Administrator.
 * A failure part-way removes what it made, so a retry starts clean.
 *
 * @example await createSite(bench, { name: 'erp.local', dbType: 'postgres', adminPassword: 'x', rootUser: 'postgres' });
 */
export async function createSite(bench: Bench, options: NewSiteOptions): Promise<void> {
  const { name } = options;
  if (!isValidSiteName(name))
    throw new SiteSetupError(`invalid site name "${name}": use a host name like erp.example.com`);
  checkDbName(options);
  bench.ensure();
  const folder = bench.sitePath(name);
  if (existsSync(folder)) throw new SiteSetupError(`${name} already exists`);

  const common = bench.commonConfig();
  const config: Record<string, unknown> = { db_type: options.dbType };
  if (options.dbType !== 'sqlite') {
    const dbName = options.dbName ?? serverDatabaseName(name);
    Object.assign(config, { db_name: dbName, db_password: randomBytes(12).toString('hex') });
    if (options.dbHost && options.dbHost !== common.db_host) config.db_host = options.dbHost;
    if (options.dbPort && options.dbPort !== common.db_port) config.db_port = options.dbPort;
  }
  config.encryption_key = randomBytes(32).toString('base64url');

  const steps = (step: string, done: number, total: number) => options.onProgress?.(step, done, total);
  let createdServerDb = false;
  mkdirSync(join(folder, 'public', 'files'), { recursive: true });
  // Private files and backups (database dumps): owner only.
  mkdirSync(join(folder, 'private', 'files'), { recursive: true, mode: 0o700 });
  try {
    writeJsonAtomic(bench.siteConfigPath(name), config);
    const site = bench.siteConfig(name);
    if (options.dbType !== 'sqlite') {
      steps('creating database', 0, 1);
      await createServerDatabase({
        type: options.dbType,
        host: site.db_host ?? '127.0.0.1',
        port: site.db_port ?? defaultPort(options.dbType),
        rootUser: options.rootUser ?? defaultRootUser(options.dbType),
        rootPassword: options.rootPassword ?? '',
        dbName: site.db_name!,
        dbUser: site.db_name!,
        dbPassword: site.db_password!,
      });
      createdServerDb = true;
    }
    const db = openDatabase(siteOpenOptions(site, folder));
    try {
      await installSite(db, { adminPassword: options.adminPassword }, steps);
      await installJobSchema(db);
      // The scheduler's job types from the start (Frappe's `sync_jobs` on install): migrate then finds nothing to add.
      await syncJobTypes(db, (await benchJobRegistry(bench)).scheduledEvents());
    } finally {
      await db.close();
    }
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    if (createdServerDb) await dropServerDatabaseQuietly(bench, options, config);
    throw error;
  }
  if (options.setDefault) bench.setDefaultSite(name);
}

/** Frappe's scheme: a name derived from the site, so it is stable and a valid identifier. */
// A name both databases take unquoted as database and user name (PostgreSQL's 63-byte identifier limit).
const dbNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function checkDbName({ dbName, dbType }: NewSiteOptions): void {
  if (dbName === undefined) return;
  if (dbType === 'sqlite')
    throw new SiteSetupError('--db-name names a server database: use it with --db-type postgres or mariadb');
  if (!dbNamePattern.test(dbName)) {
    throw new SiteSetupError(
      `invalid database name "${dbName.slice(0, 80)}": use letters, digits and underscores, starting with a letter or underscore (at most 63)`,
    );
  }
}

export function serverDatabaseName(site: string): string {
  return `_${createHash('sha1').update(site).digest('hex').slice(0, 16)}`;
}

export function defaultPort(type: DbType): number {
  return type === 'postgres' ? 5432 : 3306;
}

function defaultRootUser(type: DbType): string {
  return type === 'postgres' ? 'postgres' : 'root';
}

async function dropServerDatabaseQuietly(
  bench: Bench,
  options: NewSiteOptions,
  config: Record<string, unknown>,
): Promise<void> {
  const common = bench.commonConfig();
  try {
    await dropServerDatabase({
      type: options.dbType as 'postgres' | 'mariadb',
      host: (config.db_host as string | undefined) ?? common.db_host ?? '127.0.0.1',
      port: (config.db_port as number | undefined) ?? common.db_port ?? defaultPort(options.dbType),
      rootUser: options.rootUser ?? defaultRootUser(options.dbType),
      rootPassword: options.rootPassword ?? '',
      dbName: config.db_name as string,
      dbUser: config.db_name as string,
    });
  } catch {
    // The original error matters more; the database is named in the site config we removed.
  }
}
