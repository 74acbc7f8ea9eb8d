import type { Database, Queryable, Transaction } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';
import { schemaAdapter } from '../../db/schema/adapters.ts';
import { listDocTypes } from '../../db/schema/meta-store.ts';
import { syncTable } from '../../db/schema/sync-table.ts';
import { installSystemTables } from '../../db/schema/system-tables.ts';
import type { BackupProgress } from './backup-database.ts';
import { BackupError } from './backup-error.ts';
import { type BackupRecord, decodeValue } from './backup-format.ts';
import { systemTables } from './backup-tables.ts';
import { readLines } from './gzip-lines.ts';
import { type VerifiedBackup, verifyBackup } from './verify-backup.ts';

/** What a restore loaded. */
export interface RestoredDatabase {
  tables: number;
  rows: number;
  /** Backup columns the target's table has no column for (their values were not loaded). */
  skippedColumns: string[];
}

/**
 * Replaces a database's content with a backup, on any database type: the backup is verified first (a bad
 * file leaves the target untouched), then in one transaction the target's DocType and system tables are
 * dropped, recreated from the backup's metas (`syncTable`) and loaded in batches. Sessions are not carried
 * over, so everyone logs in again. On PostgreSQL and SQLite the whole restore is atomic; MariaDB commits each
 * DDL statement by itself, so a failure there (after verification) leaves a partial restore: run it again.
 *
 * @example await restoreDatabase(db, 'x-database.jsonl.gz');
 */
export async function restoreDatabase(
  db: Database,
  path: string,
  onProgress?: BackupProgress,
  verified?: VerifiedBackup,
): Promise<RestoredDatabase> {
  const { header } = verified ?? (await verifyBackup(path));
  return db.transaction(async (tx) => {
    await dropTables(tx, header.tables);
    await installSystemTables(tx);
    for (const meta of header.metas) await syncTable(tx, meta);
    const adapter = schemaAdapter(tx.dialect.type);
    const skipped: string[] = [];
    let table: { name: string; columns: string[]; keep: number[] } | undefined;
    let rows = 0;
    let done = 0;
    for await (const value of readLines(path)) {
      const record = value as BackupRecord;
      if (record.kind === 'table') {
        const info = await adapter.describe(tx, record.table);
        if (!info) throw new BackupError(`cannot restore ${record.table}: no DocType meta creates it`);
        const keep = record.columns.flatMap((c, i) => (info.columns.has(c) ? [i] : []));
        for (const c of record.columns) if (!info.columns.has(c)) skipped.push(`${record.table}.${c}`);
        table = { name: record.table, columns: keep.map((i) => record.columns[i]!), keep };
      } else if (record.kind === 'rows' && table) {
        const t = table;
        await insertRows(
          tx,
          t.name,
          t.columns,
          record.rows.map((r) => t.keep.map((i) => decodeValue(r[i]))),
        );
        rows += record.rows.length;
      } else if (record.kind === 'table-end') {
        await onProgress?.(record.table, ++done, header.tables.length);
      }
    }
    return { tables: done, rows, skippedColumns: skipped };
  });
}

/** Drops what a restore replaces: the target's own DocType tables, the backup's tables and the system tables. */
async function dropTables(tx: Transaction, backupTables: string[]): Promise<void> {
  const adapter = schemaAdapter(tx.dialect.type);
  const own = (await adapter.describe(tx, tableName('DocType'))) ? await listDocTypes(tx) : [];
  const tables = new Set([...systemTables, ...own.map(tableName), ...backupTables]);
  for (const table of tables) await tx.run(`DROP TABLE IF EXISTS ${tx.dialect.quote(table)}`);
}

/** Multi-row INSERTs, kept under every database's bound-parameter limit. */
async function insertRows(q: Queryable, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (!rows.length || !columns.length) return;
  const per = Math.max(1, Math.min(500, Math.floor(30_000 / columns.length)));
  const quote = q.dialect.quote;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += per) {
    const batch = rows.slice(i, i + per);
    await q.run(
      `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`,
      batch.flat(),
    );
  }
}
