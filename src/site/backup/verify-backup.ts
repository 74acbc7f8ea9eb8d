import { existsSync } from 'node:fs';
import { BackupError } from './backup-error.ts';
import { type BackupRecord, backupFormat, backupFormatVersion, type HeaderRecord } from './backup-format.ts';
import { readLines } from './gzip-lines.ts';

/** A backup read end to end and found whole. */
export interface VerifiedBackup {
  header: HeaderRecord;
  tables: number;
  rows: number;
}

/**
 * Reads a database backup through once, without touching any database, and checks it is whole: gzip intact,
 * a header of a format version this code reads, every table's rows matching its columns and count, the
 * tables the header announced, and the end record. Throws `BackupError` (one line) otherwise.
 *
 * @example const { header } = await verifyBackup('sites/erp.local/private/backups/x-database.jsonl.gz');
 */
export async function verifyBackup(path: string): Promise<VerifiedBackup> {
  if (!existsSync(path)) throw new BackupError(`backup not found: ${path}`);
  let header: HeaderRecord | undefined;
  let current: { table: string; columns: number; count: number } | undefined;
  const seen: string[] = [];
  let rows = 0;
  const bad = (why: string) => new BackupError(`${path} is not a usable backup: ${why}`);
  try {
    for await (const value of readLines(path)) {
      const record = value as BackupRecord;
      if (!header) {
        if (record?.kind !== 'header' || record.format !== backupFormat)
          throw bad('no Cortado backup header');
        if (record.version > backupFormatVersion)
          throw bad(
            `format version ${record.version} is newer than this Cortado reads (${backupFormatVersion})`,
          );
        header = record;
        continue;
      }
      switch (record?.kind) {
        case 'table':
          if (current) throw bad(`table ${current.table} has no end`);
          current = { table: record.table, columns: record.columns.length, count: 0 };
          seen.push(record.table);
          break;
        case 'rows':
          if (record.table !== current?.table) throw bad(`rows of ${record.table} outside their table`);
          if (record.rows.some((r) => !Array.isArray(r) || r.length !== current!.columns))
            throw bad(`a row of ${record.table} does not match its columns`);
          current.count += record.rows.length;
          break;
        case 'table-end':
          if (record.table !== current?.table || record.count !== current.count)
            throw bad(
              `table ${record.table} holds ${current?.count ?? 0} rows, its end says ${record.count}`,
            );
          rows += current.count;
          current = undefined;
          break;
        case 'end':
          if (current) throw bad(`table ${current.table} has no end`);
          if (record.tables !== seen.length || record.rows !== rows || seen.join() !== header.tables.join())
            throw bad('its tables do not match its header');
          return { header, tables: seen.length, rows };
        default:
          throw bad('unknown record');
      }
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw bad((error as Error).message);
  }
  throw bad(header ? 'it is truncated (no end record)' : 'it is empty');
}
