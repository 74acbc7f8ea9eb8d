import { readFileSync } from 'node:fs';
import type { Cache } from '../../cache/cache.ts';
import { SharedVersion } from '../../cache/shared-version.ts';
import type { Bench } from '../../config/bench.ts';
import { openDatabase } from '../../db/open.ts';
import { siteOpenOptions } from '../../db/site-databases.ts';
import { siteVersionNames } from '../../model/meta/meta-cache.ts';
import type { BackupProgress } from './backup-database.ts';
import { type RestoredDatabase, restoreDatabase } from './restore-database.ts';
import { type StagedFiles, stageFiles } from './site-files.ts';
import { verifyBackup } from './verify-backup.ts';

/** Options of `restoreSite`. */
export interface RestoreSiteOptions {
  /** The backup's `site_config_backup.json`: its `encryption_key` replaces the site's (Password fields). */
  siteConfigBackup?: string;
  /** A files archive to restore too. */
  filesArchive?: string;
  /** The shared cache: the site's keys are cleared, so no process serves a stale session or meta. */
  cache?: Cache;
  onProgress?: BackupProgress;
}

/** What `restoreSite` did. */
export interface RestoredSite extends RestoredDatabase {
  files?: number;
}

/**
 * Restores a backup into an existing site, whatever database it is on: backup and files archive are
 * verified (files staged) before the site is touched, then the database is replaced, the files swapped in,
 * and every session invalidated (sessions table emptied, the site's cache cleared).
 *
 * @example await restoreSite(bench, 'erp.local', 'x-database.jsonl.gz', { filesArchive: 'x-files.tar.gz', cache });
 */
export async function restoreSite(
  bench: Bench,
  site: string,
  backup: string,
  options: RestoreSiteOptions = {},
): Promise<RestoredSite> {
  const verified = await verifyBackup(backup);
  const sitePath = bench.sitePath(site);
  let staged: StagedFiles | undefined;
  if (options.filesArchive) staged = await stageFiles(sitePath, options.filesArchive);
  const db = openDatabase(siteOpenOptions(bench.siteConfig(site), sitePath));
  let restored: RestoredDatabase;
  try {
    restored = await restoreDatabase(db, backup, options.onProgress, verified);
  } catch (error) {
    staged?.discard();
    throw error;
  } finally {
    await db.close();
  }
  staged?.commit();
  if (options.siteConfigBackup) {
    const key = (JSON.parse(readFileSync(options.siteConfigBackup, 'utf8')) as { encryption_key?: unknown })
      .encryption_key;
    if (typeof key === 'string' && key) bench.updateSiteConfig(site, { encryption_key: key });
  }
  if (options.cache) {
    await options.cache.delPrefix(`${site}|`);
    // The restored data has other DocTypes, roles and User Permissions: every process must drop its copies.
    for (const name of siteVersionNames)
      await new SharedVersion({ site, name, cache: options.cache, onStale: () => undefined }).bump();
  }
  return { ...restored, ...(staged ? { files: staged.files } : {}) };
}
