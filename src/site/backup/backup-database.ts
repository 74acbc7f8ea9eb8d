import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pkg from '../../../package.json' with { type: 'json' };
import type { OpenOptions } from '../../db/open.ts';
import { type BackupRecord, backupFormat, backupFormatVersion, encodeValue } from './backup-format.ts';
import { backupTables, readMetas, tableBatches, tablesWithoutRows } from './backup-tables.ts';
import { openLineWriter } from './gzip-lines.ts';
import { withSnapshot } from './snapshot.ts';

/** Reports progress: the table just finished, how many are done, of how many (awaited: it may pause the run). */
export type BackupProgress = (step: string, done: number, total: number) => void | Promise<void>;

/** What a database backup wrote. */
export interface DatabaseBackup {
  path: string;
  tables: number;
  rows: number;
}

/**
 * Writes a site's database to `path` in the portable format (see backup-format.ts), from one consistent
 * snapshot taken while the site keeps running, streaming rows in batches. The file appears only when
 * complete (temp file, then rename).
 *
 * @example await backupDatabase(siteOpenOptions(config, dir), 'erp.local', '/backups/x-database.jsonl.gz');
 */
export async function backupDatabase(
  options: OpenOptions,
  site: string,
  path: string,
  onProgress?: BackupProgress,
): Promise<DatabaseBackup> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const out = openLineWriter(path);
  const write = (record: BackupRecord) => out.write(record);
  try {
    const totals = await withSnapshot(options, async (q) => {
      const metas = await readMetas(q);
      const tables = await backupTables(q, metas);
      await write({
        kind: 'header',
        format: backupFormat,
        version: backupFormatVersion,
        cortado: pkg.version,
        site,
        dbType: options.type,
        created: new Date().toISOString(),
        metas,
        tables: tables.map((t) => t.table),
      });
      let rows = 0;
      for (const [i, t] of tables.entries()) {
        await write({ kind: 'table', table: t.table, system: t.system, columns: t.columns });
        let count = 0;
        if (!tablesWithoutRows.has(t.table)) {
          for await (const batch of tableBatches(q, t)) {
            const values = batch.map((row) => t.columns.map((c) => encodeValue(row[c])));
            await write({ kind: 'rows', table: t.table, rows: values });
            count += batch.length;
          }
        }
        await write({ kind: 'table-end', table: t.table, count });
        rows += count;
        await onProgress?.(t.table, i + 1, tables.length);
      }
      await write({ kind: 'end', tables: tables.length, rows });
      return { tables: tables.length, rows };
    });
    await out.commit();
    return { path, ...totals };
  } catch (error) {
    out.abort();
    throw error;
  }
}
