import type { Queryable } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';

/** A field of another DocType that points at one of the given DocTypes, and how many records use it. */
export interface LinkInto {
  doctype: string;
  fieldname: string;
  fieldtype: string;
  target: string;
  records: number;
}

/**
 * Fields of DocTypes outside `targets` (Link, Table, Table MultiSelect) whose options name one of `targets`,
 * with records that use them: what would be left dangling if `targets` were dropped. Fields with no data are
 * left out (an empty Link column blocks nothing).
 */
export async function linksInto(db: Queryable, targets: readonly string[]): Promise<LinkInto[]> {
  if (targets.length === 0) return [];
  const q = db.dialect.quote;
  const own = new Set(targets);
  const fields = await db.all<{ parent: string; fieldname: string; fieldtype: string; options: string }>(
    `SELECT f.${q('parent')}, f.${q('fieldname')}, f.${q('fieldtype')}, f.${q('options')}, d.${q('issingle')}
      FROM ${q(tableName('DocField'))} f JOIN ${q(tableName('DocType'))} d ON d.${q('name')} = f.${q('parent')}
      WHERE f.${q('parenttype')} = 'DocType' AND f.${q('fieldtype')} IN ('Link', 'Table', 'Table MultiSelect')
        AND f.${q('options')} IN (${targets.map(() => '?').join(', ')})
      ORDER BY f.${q('parent')}, f.${q('idx')}`,
    [...targets],
  );
  const out: LinkInto[] = [];
  for (const field of fields) {
    if (own.has(field.parent)) continue;
    const records = await countUses(db, field);
    if (records > 0)
      out.push({
        doctype: field.parent,
        fieldname: field.fieldname,
        fieldtype: field.fieldtype,
        target: field.options,
        records,
      });
  }
  return out;
}

async function countUses(
  db: Queryable,
  field: { parent: string; fieldname: string; fieldtype: string; options: string; issingle?: unknown },
): Promise<number> {
  const q = db.dialect.quote;
  const count = async (sql: string, values: unknown[]) =>
    Number((await db.one<{ n: unknown }>(sql, values))?.n ?? 0);
  if (field.fieldtype !== 'Link') {
    // Rows of the target child table that belong to the other DocType.
    return count(
      `SELECT COUNT(*) AS ${q('n')} FROM ${q(tableName(field.options))} WHERE ${q('parenttype')} = ? AND ${q('parentfield')} = ?`,
      [field.parent, field.fieldname],
    );
  }
  if (Number(field.issingle)) {
    return count(
      `SELECT COUNT(*) AS ${q('n')} FROM ${q('tabSingles')} WHERE ${q('doctype')} = ? AND ${q('field')} = ? AND ${q('value')} IS NOT NULL AND ${q('value')} <> ''`,
      [field.parent, field.fieldname],
    );
  }
  const column = q(field.fieldname);
  return count(
    `SELECT COUNT(*) AS ${q('n')} FROM ${q(tableName(field.parent))} WHERE ${column} IS NOT NULL AND ${column} <> ''`,
    [],
  );
}
