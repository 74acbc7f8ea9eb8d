import type { Queryable } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';
import type { Meta } from '../meta/meta.ts';
import { childFields, standardFields } from '../meta/standard-fields.ts';
import type { Doc } from './doc.ts';

// Standard fields an UPDATE may change (name, owner and creation never change).
const updatable = ['modified', 'modified_by', 'docstatus', 'idx'] as const;

/** Inserts a document's own row (a parent or a child row): standard fields and every column field. */
export async function insertRow(db: Queryable, meta: Meta, doc: Doc): Promise<void> {
  const q = db.dialect.quote;
  const columns: string[] = [...standardFields];
  if (meta.isChild) columns.push(...childFields);
  for (const field of meta.columnFields) columns.push(field.fieldname);
  await db.run(
    `INSERT INTO ${q(tableName(meta.name))} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    columns.map((c) => columnValue(doc, c)),
  );
}

/** Updates a stored row from the document: modified/modified_by/docstatus/idx and every column field. */
export async function updateRow(db: Queryable, meta: Meta, doc: Doc): Promise<void> {
  const q = db.dialect.quote;
  const columns: string[] = [...updatable];
  for (const field of meta.columnFields) columns.push(field.fieldname);
  await db.run(
    `UPDATE ${q(tableName(meta.name))} SET ${columns.map((c) => `${q(c)} = ?`).join(', ')} WHERE ${q('name')} = ?`,
    [...columns.map((c) => columnValue(doc, c)), doc.name],
  );
}

/**
 * Writes a document's child tables: rows whose name is among `stored` are updated, the others inserted, and
 * (unless the document is new) stored rows missing from the document are deleted (Frappe's
 * `update_child_table`).
 */
export async function writeChildren(
  db: Queryable,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  doc: Doc,
  stored: ReadonlySet<string>,
  isNew = false,
): Promise<void> {
  const q = db.dialect.quote;
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (!child) continue;
    const rows = (doc[table.fieldname] as Doc[] | undefined) ?? [];
    for (const row of rows) {
      if (stored.has(row.name!)) await updateRow(db, child, row);
      else await insertRow(db, child, row);
    }
    if (isNew) continue;
    const keep = rows.map((r) => r.name!);
    const notKept = keep.length ? ` AND ${q('name')} NOT IN (${keep.map(() => '?').join(', ')})` : '';
    await db.run(
      `DELETE FROM ${q(tableName(child.name))} WHERE ${q('parent')} = ? AND ${q('parenttype')} = ? AND ${q('parentfield')} = ?${notKept}`,
      [doc.name, meta.name, table.fieldname, ...keep],
    );
  }
}

/** Deletes a document's row and all its child rows. */
export async function deleteRows(
  db: Queryable,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  name: string,
): Promise<void> {
  const q = db.dialect.quote;
  for (const child of childMetas.keys()) {
    await db.run(`DELETE FROM ${q(tableName(child))} WHERE ${q('parent')} = ? AND ${q('parenttype')} = ?`, [
      name,
      meta.name,
    ]);
  }
  await db.run(`DELETE FROM ${q(tableName(meta.name))} WHERE ${q('name')} = ?`, [name]);
}

function columnValue(doc: Doc, column: string): unknown {
  const value = doc[column];
  return value === undefined ? null : value;
}
