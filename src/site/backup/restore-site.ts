import { readFileSync } from 'node:fs';
import { SharedVersion } from '../../bus/shared-version.ts';
import type { Cache } from '../../cache/cache.ts';
import type { Bench } from '../../config/bench.ts';
import { openDatabase } from '../../db/open.ts';
import { siteOpenOptions } from '../../db/site-databases.ts';
import { siteVersionNames } from '../../model/meta/meta-cache.ts';
import { underMaintenance } from '../maintenance.ts';
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
  /** How long maintenance mode is given to reach running processes (default `maintenanceSettleMs`). */
  settleMs?: number;
}

/** What `restoreSite` did. */
export interface RestoredSite extends RestoredDatabase {
  files?: number;
}

/**
 * Restores a backup into an existing site, whatever database it is on: backup and files archive are
 * verified (files staged) before the site is touched, then, in maintenance mode (`underMaintenance`: running
 * backends refuse writes, which would otherwise be acknowledged and then overwritten), the database is replaced,
 * the files swapped in, and every session invalidated (sessions table emptied, the site's cache cleared).
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
  bench.siteConfig(site); // an unknown site or a broken config fails here, before anything is staged
  let staged: StagedFiles | undefined;
  if (options.filesArchive) staged = await stageFiles(sitePath, options.filesArchive);
  let restored: RestoredDatabase;
  try {
    // Everything that changes the site happens in maintenance: a write in between would be overwritten.
    restored = await underMaintenance(
      bench,
      site,
      async () => {
        const db = openDatabase(siteOpenOptions(bench.siteConfig(site), sitePath));
        let done: RestoredDatabase;
        try {
          done = await restoreDatabase(db, backup, options.onProgress, verified);
        } finally {
          await db.close();
        }
        staged?.commit();
        if (options.siteConfigBackup) restoreEncryptionKey(bench, site, options.siteConfigBackup);
        if (options.cache) await forgetCaches(options.cache, site);
        return done;
      },
      { settleMs: options.settleMs },
    );
  } catch (error) {
    staged?.discard();
    throw error;
  }
  return { ...restored, ...(staged ? { files: staged.files } : {}) };
}

// The backup's encryption key opens its Password fields: it replaces the site's.
function restoreEncryptionKey(bench: Bench, site: string, siteConfigBackup: string): void {
  const key = (JSON.parse(readFileSync(siteConfigBackup, 'utf8')) as { encryption_key?: unknown })
    .encryption_key;
  if (typeof key === 'string' && key) bench.updateSiteConfig(site, { encryption_key: key });
}

// No process may serve a stale session or meta: the site's keys go, and the restored data has other DocTypes,
// roles and User Permissions, so every process drops its copies.
async function forgetCaches(cache: Cache, site: string): Promise<void> {
  await cache.delPrefix(`${site}|`);
  for (const name of siteVersionNames)
    await new SharedVersion({ site, name, cache, onStale: () => undefined }).bump();
}
