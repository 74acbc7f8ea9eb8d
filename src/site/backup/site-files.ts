import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ExtractResult,
  extractFilesArchive,
  type FilesArchive,
  writeFilesArchive,
} from './files-archive.ts';

/** The folders of a site a files backup holds (backups themselves live in private/backups, not here). */
export const fileFolders = ['public/files', 'private/files'];

/** Archives a site's public and private files to `path` (.tar.gz). */
export function backupFiles(sitePath: string, path: string): Promise<FilesArchive> {
  return writeFilesArchive(path, sitePath, fileFolders);
}

/** Files extracted beside a site, ready to replace its own with `commit` (or be dropped with `discard`). */
export interface StagedFiles extends ExtractResult {
  commit(): void;
  discard(): void;
}

/**
 * Extracts a files archive into a staging folder inside the site, so a bad archive fails before anything of
 * the site changes; `commit` then swaps the folders in (old ones removed only after the swap).
 */
export async function stageFiles(sitePath: string, archive: string): Promise<StagedFiles> {
  const staging = join(sitePath, `.restore-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  let result: ExtractResult;
  try {
    result = await extractFilesArchive(archive, staging, fileFolders);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return {
    ...result,
    commit() {
      const old = `${staging}-old`;
      for (const folder of fileFolders) {
        const incoming = join(staging, folder);
        const current = join(sitePath, folder);
        if (!existsSync(incoming)) mkdirSync(incoming, { recursive: true });
        mkdirSync(join(old, folder, '..'), { recursive: true });
        if (existsSync(current)) renameSync(current, join(old, folder));
        mkdirSync(join(current, '..'), { recursive: true });
        renameSync(incoming, current);
      }
      rmSync(old, { recursive: true, force: true });
      rmSync(staging, { recursive: true, force: true });
    },
    discard() {
      rmSync(staging, { recursive: true, force: true });
    },
  };
}
