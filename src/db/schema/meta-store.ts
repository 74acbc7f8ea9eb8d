import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Database, Queryable, Row, Transaction } from '../database.ts';
import { SchemaError } from '../errors.ts';
import { childColumns, type DocTypeMeta, standardColumns, tableName } from '../meta.ts';
import { formatDatetime, normalizeTemporal } from '../values.ts';
import { withTransaction } from '../with-transaction.ts';
import { schemaAdapter } from './adapters.ts';
import { isNumericType } from './column-sql.ts';
import { optionalColumns } from './table-spec.ts';

// The child tables of a DocType row, by the key they have in the JSON shape.
const children = [
  { key: 'fields', doctype: 'DocField' },
  { key: 'permissions', doctype: 'DocPerm' },
] as const;

// Bookkeeping columns that are not part of the JSON shape (name and modified are added back where they belong).
const hidden = new Set<string>([...standardColumns, ...childColumns, ...optionalColumns, '_seen']);

/**
 * A row as the JSON shape has it: bookkeeping columns dropped, and empty values (NULL, '', 0) left out as
 * Frappe's exported JSON leaves them out. Flags read back as numbers 0/1.
 */
function shape(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (hidden.has(key) || value === null || value === undefined || value === '' || value === 0) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Reads a DocType's meta back from `tabDocType`, `tabDocField` and `tabDocPerm`; undefined when not stored.
 * Keys are the tables' columns (those with a value), plus `name` and `modified`.
 */
export async function loadMeta(db: Queryable, name: string): Promise<DocTypeMeta | undefined> {
  const q = db.dialect.quote;
  const row = await db.one(`SELECT * FROM ${q(tableName('DocType'))} WHERE ${q('name')} = ?`, [name]);
  // MariaDB's collation also matches another case or trailing spaces; only the exact name is the DocType,
  // as on the other databases (the table name is built from it: docs/compat.md).
  if (!row || row.name !== name) return undefined;
  const meta = { name, ...shape(row) } as unknown as DocTypeMeta;
  if (row.modified) meta.modified = row.modified;
  for (const child of children) {
    const rows = await db.all(
      `SELECT * FROM ${q(tableName(child.doctype))} WHERE ${q('parent')} = ? AND ${q('parenttype')} = ? AND ${q('parentfield')} = ? ORDER BY ${q('idx')}`,
      [name, 'DocType', child.key],
    );
    (meta as Record<string, unknown>)[child.key] = rows.map(shape);
  }
  return meta;
}

/** The names of every stored DocType, sorted. */
export async function listDocTypes(db: Queryable): Promise<string[]> {
  const q = db.dialect.quote;
  const rows = await db.all<{ name: string }>(
    `SELECT ${q('name')} FROM ${q(tableName('DocType'))} ORDER BY ${q('name')}`,
  );
  return rows.map((r) => r.name);
}

/**
 * Writes a DocType's meta as rows of `tabDocType`, `tabDocField` and `tabDocPerm` (DocType is itself a
 * DocType), replacing any stored rows. Keys that are not columns of those tables are not stored. When the
 * stored meta already equals it, nothing is written and it resolves false (so installs are idempotent).
 * `modified` is the meta's own when it has one (as Frappe's JSON files do), else now.
 */
export async function storeMeta(db: Database | Transaction, meta: DocTypeMeta): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const adapter = schemaAdapter(tx.dialect.type);
    const numeric = new Map<string, Map<string, boolean>>();
    for (const doctype of ['DocType', ...children.map((c) => c.doctype)]) {
      const info = await adapter.describe(tx, tableName(doctype));
      if (!info) throw new SchemaError(`${tableName(doctype)} is missing: install the core schema first`);
      numeric.set(doctype, new Map([...info.columns.values()].map((c) => [c.name, isNumericType(c.type)])));
    }
    const existing = await loadMeta(tx, meta.name);
    const parentValues = values(meta, numeric.get('DocType')!);
    const childValues = children.map((child) =>
      ((meta[child.key] as Array<Record<string, unknown>> | undefined) ?? []).map((f) =>
        values(f, numeric.get(child.doctype)!),
      ),
    );
    const wanted: Record<string, unknown> = { name: meta.name, ...shape(parentValues) };
    children.forEach((child, i) => {
      wanted[child.key] = childValues[i]!.map(shape);
    });
    if (existing) {
      const { modified, ...rest } = existing;
      const same = meta.modified
        ? isDeepStrictEqual({ ...rest, modified }, { ...wanted, modified: normalizeTemporal(meta.modified) })
        : isDeepStrictEqual(rest, wanted);
      if (same) return false;
    }

    const q = tx.dialect.quote;
    const now = formatDatetime(new Date());
    const modified = meta.modified ? String(meta.modified) : now;
    const creation =
      (meta.creation as string | undefined) ?? (existing?.creation as string | undefined) ?? modified;
    const stamp = { creation, modified, modified_by: 'Administrator', owner: 'Administrator', docstatus: 0 };
    for (const child of children) {
      await tx.run(
        `DELETE FROM ${q(tableName(child.doctype))} WHERE ${q('parent')} = ? AND ${q('parenttype')} = ?`,
        [meta.name, 'DocType'],
      );
    }
    await tx.run(`DELETE FROM ${q(tableName('DocType'))} WHERE ${q('name')} = ?`, [meta.name]);
    await insert(tx, 'DocType', { ...parentValues, ...stamp, name: meta.name, idx: 0 });
    for (const [i, child] of children.entries()) {
      for (const [n, row] of childValues[i]!.entries()) {
        const idx = n + 1;
        const name = childName(meta.name, child.key, idx);
        await insert(tx, child.doctype, {
          ...row,
          ...stamp,
          name,
          idx,
          parent: meta.name,
          parentfield: child.key,
          parenttype: 'DocType',
        });
      }
    }
    return true;
  });
}

// Child row names are derived, not random, so storing the same meta twice writes the same rows.
function childName(parent: string, parentfield: string, idx: number): string {
  return createHash('sha1').update(`${parent}\0${parentfield}\0${idx}`).digest('hex').slice(0, 10);
}

/**
 * The meta's values for every column of a table, coerced to the column's kind: absent numbers are 0 and
 * absent text NULL, written explicitly so column defaults never add values the meta did not have.
 */
function values(source: Record<string, unknown>, columns: Map<string, boolean>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, isNumber] of columns) {
    if (hidden.has(column) || column === 'name') continue;
    const value = source[column];
    if (isNumber) out[column] = Number(value) || 0;
    else if (value === undefined || value === null) out[column] = null;
    else out[column] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

async function insert(tx: Transaction, doctype: string, row: Record<string, unknown>): Promise<void> {
  const q = tx.dialect.quote;
  const columns = Object.keys(row);
  await tx.run(
    `INSERT INTO ${q(tableName(doctype))} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    columns.map((c) => row[c]),
  );
}
