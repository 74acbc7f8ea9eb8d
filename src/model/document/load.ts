import type { Row, SqlDialect } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';
import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import { virtualController } from '../virtual/virtual-doctypes.ts';
import type { Doc } from './doc.ts';

/**
 * Reads a document and its child rows (ordered by `idx`) as stored; undefined when there is none.
 * `forUpdate` locks the row until the transaction ends (PostgreSQL, MariaDB; SQLite's writer is exclusive
 * anyway), so two saves of one document run one after the other and the second sees the first's `modified`.
 * A virtual DocType's record comes from its controller (`load_from_db`).
 */
export async function loadDoc(
  ctx: DocContext,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  name: string,
  options: { forUpdate?: boolean } = {},
): Promise<Doc | undefined> {
  if (meta.isVirtual) return loadVirtual(ctx, meta, name);
  const row = await ctx.db.one(selectByName(ctx.db.dialect, meta, options.forUpdate === true), [name]);
  if (!row) return undefined;
  const doc = rowToDoc(meta, row);
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    doc[table.fieldname] = child
      ? await loadChildRows(ctx, child, meta.name, doc.name!, table.fieldname)
      : [];
  }
  return doc;
}

async function loadVirtual(ctx: DocContext, meta: Meta, name: string): Promise<Doc | undefined> {
  const doc = await virtualController(ctx, meta).get(ctx, name);
  return doc ? { ...doc, doctype: meta.name, name: String(doc.name ?? name) } : undefined;
}

/** The rows of one child table of a document, ordered by `idx`. */
export async function loadChildRows(
  ctx: DocContext,
  child: Meta,
  parenttype: string,
  parent: string,
  parentfield: string,
): Promise<Doc[]> {
  const q = ctx.db.dialect.quote;
  const rows = await ctx.db.all(
    `SELECT * FROM ${q(tableName(child.name))} WHERE ${q('parent')} = ? AND ${q('parenttype')} = ? AND ${q('parentfield')} = ? ORDER BY ${q('idx')}`,
    [parent, parenttype, parentfield],
  );
  return rows.map((r) => rowToDoc(child, r));
}

// The SELECT of one document by name, per meta and dialect: built once, as a document read is the hot path.
const selects = new WeakMap<Meta, Map<string, string>>();

function selectByName(dialect: SqlDialect, meta: Meta, forUpdate: boolean): string {
  let byDialect = selects.get(meta);
  if (!byDialect) {
    byDialect = new Map();
    selects.set(meta, byDialect);
  }
  const key = `${dialect.type}${forUpdate ? ':lock' : ''}`;
  let sql = byDialect.get(key);
  if (!sql) {
    const q = dialect.quote;
    const lock = forUpdate && dialect.type !== 'sqlite' ? ' FOR UPDATE' : '';
    sql = `SELECT * FROM ${q(tableName(meta.name))} WHERE ${q('name')} = ?${lock}`;
    byDialect.set(key, sql);
  }
  return sql;
}

/** A table row as a document: the meta's valid fields only (columns left by removed fields are dropped). */
export function rowToDoc(meta: Meta, row: Row): Doc {
  const doc: Doc = { doctype: meta.name };
  for (const key of Object.keys(row)) if (meta.isValidField(key)) doc[key] = row[key];
  if (doc.name !== undefined && doc.name !== null) doc.name = String(doc.name);
  return doc;
}
