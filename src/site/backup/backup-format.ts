// The portable database backup: gzip'd JSON lines, one record per line, the same on every database.
//   {"kind":"header", format, version, cortado, site, dbType, created, metas, tables}
//   {"kind":"table", table, system, columns}       then its rows in batches:
//   {"kind":"rows", table, rows: [[v, ...], ...]}  (values in `columns` order)
//   {"kind":"table-end", table, count}
//   {"kind":"end", tables, rows}                   (absent = truncated)
import type { DocTypeMeta } from '../../db/meta.ts';

/** The format marker of the header line. */
export const backupFormat = 'cortado-backup';
/** The format version this code writes and reads. */
export const backupFormatVersion = 1;

/** The first line: what the backup is and the metas to rebuild its tables from. */
export interface HeaderRecord {
  kind: 'header';
  format: typeof backupFormat;
  version: number;
  cortado: string;
  site: string;
  dbType: string;
  /** ISO timestamp of the snapshot. */
  created: string;
  metas: DocTypeMeta[];
  /** The tables that follow, in order. */
  tables: string[];
}

/** Starts a table: its columns, and whether it is a system table (no DocType: `__Auth`, `tabSingles`, `tabSeries`). */
export interface TableRecord {
  kind: 'table';
  table: string;
  system: boolean;
  columns: string[];
}

/** A batch of rows of the current table. Buffers are `{ "$base64": "..." }`. */
export interface RowsRecord {
  kind: 'rows';
  table: string;
  rows: unknown[][];
}

/** Ends a table with its row count (checked on read). */
export interface TableEndRecord {
  kind: 'table-end';
  table: string;
  count: number;
}

/** The last line: its presence proves the backup is complete. */
export interface EndRecord {
  kind: 'end';
  tables: number;
  rows: number;
}

export type BackupRecord = HeaderRecord | TableRecord | RowsRecord | TableEndRecord | EndRecord;

/**
 * Frappe-like file names: `20240131_120000-erp_example_com-database.jsonl.gz`, `...-files.tar.gz` and
 * `...-site_config_backup.json` (the site's config: its encryption key opens the restored Password fields).
 */
export function backupFileNames(site: string, at: Date): { database: string; files: string; config: string } {
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '_');
  const prefix = `${stamp}-${site.replace(/[^A-Za-z0-9]/g, '_')}`;
  return {
    database: `${prefix}-database.jsonl.gz`,
    files: `${prefix}-files.tar.gz`,
    config: `${prefix}-site_config_backup.json`,
  };
}

/** The files archive that belongs to a database backup (same prefix), by name. */
export function filesArchiveFor(databaseBackup: string): string {
  return databaseBackup.replace(/-database\.jsonl\.gz$/, '-files.tar.gz');
}

/** The site config backup that belongs to a database backup (same prefix), by name. */
export function siteConfigFor(databaseBackup: string): string {
  return databaseBackup.replace(/-database\.jsonl\.gz$/, '-site_config_backup.json');
}

/** Encodes a value for JSON (Buffers as base64 objects, bigints as text). */
export function encodeValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { $base64: value.toString('base64') };
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Decodes a value written by `encodeValue`. */
export function decodeValue(value: unknown): unknown {
  if (value && typeof value === 'object' && '$base64' in value)
    return Buffer.from(String((value as { $base64: unknown }).$base64), 'base64');
  return value;
}
