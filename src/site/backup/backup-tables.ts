import type { Queryable, Row } from '../../db/database.ts';
import { type DocTypeMeta, tableName } from '../../db/meta.ts';
import { schemaAdapter } from '../../db/schema/adapters.ts';
import { loadCustomizedMeta } from '../../db/schema/customizations.ts';
import { listDocTypes } from '../../db/schema/meta-store.ts';

/** Tables that belong to no DocType, backed up and restored as they are. */
export const systemTables = ['__Auth', 'tabSingles', 'tabSeries'] as const;

/** Tables whose rows are never carried over: a restore logs everyone out on purpose. */
export const tablesWithoutRows: ReadonlySet<string> = new Set(['tabSessions']);

/** A table to back up: its columns (in table order) and the key to page through it. */
export interface BackupTable {
  table: string;
  system: boolean;
  columns: string[];
  /** Primary key (or unique) columns, ordered; empty when the table has none (then paged by offset). */
  key: string[];
}

/** Every stored DocType's meta with its customizations (so a restore makes Custom Fields' columns), in name order. */
export async function readMetas(q: Queryable): Promise<DocTypeMeta[]> {
  const metas: DocTypeMeta[] = [];
  for (const name of await listDocTypes(q)) {
    const meta = await loadCustomizedMeta(q, name);
    if (meta) metas.push(meta);
  }
  return metas;
}

/** The tables a backup holds: system tables, then each DocType table that exists (singles live in tabSingles). */
export async function backupTables(q: Queryable, metas: DocTypeMeta[]): Promise<BackupTable[]> {
  const adapter = schemaAdapter(q.dialect.type);
  const wanted = [
    ...systemTables.map((table) => ({ table, system: true })),
    ...metas
      .filter((m) => !m.issingle && !m.is_virtual)
      .map((m) => ({ table: tableName(m.name), system: false })),
  ];
  const tables: BackupTable[] = [];
  for (const { table, system } of wanted) {
    const info = await adapter.describe(q, table);
    if (!info) continue;
    const columns = [...info.columns.keys()];
    let key = [...info.columns.values()].filter((c) => c.primaryKey).map((c) => c.name);
    if (!key.length) key = info.indexes.find((i) => i.unique)?.columns ?? [];
    tables.push({ table, system, columns, key });
  }
  return tables;
}

/**
 * Reads a table's rows in batches of `batchSize`, ordered by its key and paged by the last key seen
 * (constant memory, no growing OFFSET); a table without a key is paged by offset in a stable order.
 */
export async function* tableBatches(q: Queryable, t: BackupTable, batchSize = 500): AsyncGenerator<Row[]> {
  const quote = q.dialect.quote;
  const list = (names: string[]) => names.map(quote).join(', ');
  const select = `SELECT ${list(t.columns)} FROM ${quote(t.table)}`;
  if (!t.key.length) {
    for (let offset = 0; ; offset += batchSize) {
      const rows = await q.all(`${select} ORDER BY ${list(t.columns)} LIMIT ${batchSize} OFFSET ${offset}`);
      if (rows.length) yield rows;
      if (rows.length < batchSize) return;
    }
  }
  let last: unknown[] | undefined;
  for (;;) {
    const after = last ? ` WHERE (${list(t.key)}) > (${t.key.map(() => '?').join(', ')})` : '';
    const rows = await q.all(`${select}${after} ORDER BY ${list(t.key)} LIMIT ${batchSize}`, last);
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    const end = rows[rows.length - 1]!;
    last = t.key.map((column) => end[column]);
  }
}
