import type { Database, Transaction } from '../database.ts';
import type { DocTypeMeta } from '../meta.ts';
import { rebuildSqliteTable } from '../sqlite/sqlite-rebuild.ts';
import { withTransaction } from '../with-transaction.ts';
import { schemaAdapter } from './adapters.ts';
import { diffIndexes, diffTable } from './table-diff.ts';
import { tableSpec } from './table-spec.ts';

/** Options of `syncTable`. */
export interface SyncOptions {
  /** Drop columns that no field holds any more (default false: their data stays). */
  dropColumns?: boolean;
}

/** What `syncTable` did: empty `changes` means the table already matched. */
export interface SyncResult {
  table: string | undefined;
  created: boolean;
  /** One line per change, e.g. `add column email`, `change column qty: varchar(140) -> int(11)`. */
  changes: string[];
}

/**
 * Creates or alters `tab<DocType>` to match the meta: adds missing columns, changes changed types, defaults
 * and nullability, adds and drops unique/search indexes; drops columns only with `dropColumns`. Single and
 * virtual DocTypes have no table. Runs in one transaction (on SQLite, where a type change rebuilds the
 * table, that makes the rebuild all-or-nothing; MariaDB commits each DDL statement by itself).
 *
 * @example await syncTable(db, userMeta); // creates tabUser, or brings it up to date
 */
export async function syncTable(
  db: Database | Transaction,
  meta: DocTypeMeta,
  options: SyncOptions = {},
): Promise<SyncResult> {
  if (meta.issingle || meta.is_virtual) return { table: undefined, created: false, changes: [] };
  const adapter = schemaAdapter(db.dialect.type);
  const spec = tableSpec(meta, db.dialect.type);
  return withTransaction(db, async (tx) => {
    const changes: string[] = [];
    const run = async (statements: string[]) => {
      for (const sql of statements) await tx.run(sql);
    };
    let info = await adapter.describe(tx, spec.table);
    if (!info) {
      await run(adapter.createTable(spec));
      return { table: spec.table, created: true, changes: [`create table ${spec.table}`] };
    }
    const diff = diffTable(adapter, spec, info, options.dropColumns ?? false);
    const rebuild =
      diff.change.some((c) => adapter.changeColumn(spec.table, c.column, c.current) === 'rebuild') ||
      diff.drop.some((name) => adapter.dropColumn(spec.table, name) === 'rebuild');

    for (const index of diff.dropIndexes) {
      await run(adapter.dropIndex(spec.table, index.name));
      changes.push(`drop index ${index.name}`);
    }
    if (rebuild) {
      if (diff.dropIndexes.length) info = (await adapter.describe(tx, spec.table))!;
      await rebuildSqliteTable(tx, spec, info, !options.dropColumns);
      changes.push(...diff.add.map((c) => `add column ${c.name}`));
      changes.push(
        ...diff.change.map((c) => `change column ${c.column.name}: ${c.current.type} -> ${c.column.type}`),
      );
      changes.push(...diff.drop.map((name) => `drop column ${name}`));
      changes.push(`rebuild table ${spec.table}`);
    } else {
      for (const column of diff.add) {
        await run(adapter.addColumn(spec.table, column));
        changes.push(`add column ${column.name}`);
      }
      for (const { column, current } of diff.change) {
        await run(adapter.changeColumn(spec.table, column, current) as string[]);
        changes.push(`change column ${column.name}: ${current.type} -> ${column.type}`);
      }
      for (const name of diff.drop) {
        await run(adapter.dropColumn(spec.table, name) as string[]);
        changes.push(`drop column ${name}`);
      }
    }
    // Indexes are compared again after the columns changed (a rebuild drops them; new columns need theirs).
    const after = (await adapter.describe(tx, spec.table))!;
    for (const index of diffIndexes(db.dialect.type, spec, after).addIndexes) {
      await tx.run(adapter.createIndex(spec.table, index));
      changes.push(`add index ${index.name}`);
    }
    return { table: spec.table, created: false, changes };
  });
}
