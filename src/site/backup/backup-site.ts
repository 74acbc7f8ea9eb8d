import { join } from 'node:path';
import { type Bench, writeJsonAtomic } from '../../config/bench.ts';
import { siteOpenOptions } from '../../db/site-databases.ts';
import { type BackupProgress, backupDatabase, type DatabaseBackup } from './backup-database.ts';
import { backupFileNames } from './backup-format.ts';
import { backupFiles } from './site-files.ts';
import type { FilesArchive } from './tar-writer.ts';

/** Options of `backupSite`. */
export interface BackupSiteOptions {
  withFiles?: boolean;
  /** Folder for the backup files (default `sites/<site>/private/backups`). */
  outputDir?: string;
  onProgress?: BackupProgress;
  now?: Date;
}

/** What `backupSite` wrote. */
export interface SiteBackup {
  database: DatabaseBackup;
  files?: FilesArchive;
}

/** The default folder of a site's backups. */
export function backupsFolder(bench: Bench, site: string): string {
  return join(bench.sitePath(site), 'private', 'backups');
}

/**
 * Backs up a site: its database as `<stamp>-<site>-database.jsonl.gz` its config as `...-site_config_backup.json` and, with `withFiles`, its public
 * and private files as `<stamp>-<site>-files.tar.gz`, each written atomically.
 *
 * @example const { database } = await backupSite(bench, 'erp.local', { withFiles: true });
 */
export async function backupSite(
  bench: Bench,
  site: string,
  options: BackupSiteOptions = {},
): Promise<SiteBackup> {
  const dir = options.outputDir ?? backupsFolder(bench, site);
  const names = backupFileNames(site, options.now ?? new Date());
  const sitePath = bench.sitePath(site);
  const open = siteOpenOptions(bench.siteConfig(site), sitePath);
  const database = await backupDatabase(open, site, join(dir, names.database), options.onProgress);
  // Secrets (database password, encryption key): writeJsonAtomic makes it readable by the owner only.
  writeJsonAtomic(join(dir, names.config), bench.siteConfig(site));
  if (!options.withFiles) return { database };
  return { database, files: await backupFiles(sitePath, join(dir, names.files)) };
}
