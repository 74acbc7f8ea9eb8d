import type { Transaction } from '../database.ts';
import { columnDefinition, isNumericType, isTextualType, sqlLiteral } from '../schema/column-sql.ts';
import type { ColumnInfo, TableInfo, TableSpec } from '../schema/types.ts';

/**
 * Rebuilds a SQLite table to its spec, since SQLite's ALTER cannot change a column: create the new table,
 * copy every row (converting blanks and NULLs where a column became numeric / NOT NULL), drop the old one,
 * rename, and replay the old explicit indexes whose columns survive. Runs inside the caller's transaction,
 * so a failure leaves the old table as it was.
 */
export async function rebuildSqliteTable(
  tx: Transaction,
  spec: TableSpec,
  info: TableInfo,
  keepExtraColumns: boolean,
): Promise<void> {
  const q = tx.dialect.quote;
  const temp = `${spec.table}__rebuild`;
  const wanted = new Set(spec.columns.map((c) => c.name));
  const extra = keepExtraColumns ? [...info.columns.values()].filter((c) => !wanted.has(c.name)) : [];
  const definitions = [
    ...spec.columns.map((c) => columnDefinition(tx.dialect, c)),
    ...extra.map(extraDefinition(q)),
  ];
  await tx.run(`DROP TABLE IF EXISTS ${q(temp)}`);
  await tx.run(`CREATE TABLE ${q(temp)} (\n  ${definitions.join(',\n  ')}\n)`);

  const targets: string[] = [];
  const sources: string[] = [];
  for (const column of spec.columns) {
    const current = info.columns.get(column.name);
    if (!current) continue;
    let expr = q(column.name);
    if (isNumericType(column.type) && isTextualType(current.type)) expr = `NULLIF(TRIM(${expr}), '')`;
    if (column.notNull && column.default !== null)
      expr = `COALESCE(${expr}, ${sqlLiteral(tx.dialect, column.default)})`;
    targets.push(q(column.name));
    sources.push(expr);
  }
  for (const column of extra) {
    targets.push(q(column.name));
    sources.push(q(column.name));
  }
  await tx.run(
    `INSERT INTO ${q(temp)} (${targets.join(', ')}) SELECT ${sources.join(', ')} FROM ${q(spec.table)}`,
  );
  await tx.run(`DROP TABLE ${q(spec.table)}`);
  await tx.run(`ALTER TABLE ${q(temp)} RENAME TO ${q(spec.table)}`);

  const surviving = new Set([...wanted, ...extra.map((c) => c.name)]);
  for (const index of info.indexes) {
    if (!index.sql || !index.columns.every((c) => surviving.has(c))) continue;
    await tx.run(
      index.sql.replace(
        /^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?!IF NOT EXISTS)/i,
        'CREATE $1INDEX IF NOT EXISTS ',
      ),
    );
  }
}

function extraDefinition(q: (name: string) => string) {
  return (c: ColumnInfo) =>
    `${q(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.defaultSql !== null ? ` DEFAULT ${c.defaultSql}` : ''}`;
}
