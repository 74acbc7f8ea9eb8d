import { tableName } from '../../../db/meta.ts';
import { DuplicateEntryError } from '../../../errors/index.ts';
import type { DocContext } from '../../context.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';

/**
 * Refuses a value of a `unique` field that another document already has, and (for an insert) a name that
 * exists: DuplicateEntryError (409) naming the field. The database's unique indexes back this up under
 * concurrency (see {@link duplicateFromViolation}).
 */
export async function checkUnique(ctx: DocContext, doc: Doc, meta: Meta, isNew: boolean): Promise<void> {
  const q = ctx.db.dialect.quote;
  const table = q(tableName(meta.name));
  if (isNew) {
    const row = await ctx.db.one(`SELECT ${q('name')} FROM ${table} WHERE ${q('name')} = ?`, [doc.name]);
    if (row) throw duplicateName(meta, String(doc.name));
  }
  for (const field of meta.columnFields) {
    if (!field.unique) continue;
    const value = doc[field.fieldname];
    if (value === undefined || value === null || value === '') continue;
    const row = await ctx.db.one(
      `SELECT ${q('name')} FROM ${table} WHERE ${q(field.fieldname)} = ? AND ${q('name')} <> ?`,
      [value, doc.name],
    );
    if (row) throw duplicateField(meta, field.fieldname, value);
  }
}

/** DuplicateEntryError for a name that exists. */
export function duplicateName(meta: Meta, name: string): DuplicateEntryError {
  const error = new DuplicateEntryError(`${meta.name} ${name} already exists`);
  error.fieldname = 'name';
  return error;
}

/** DuplicateEntryError for a unique field's value that exists. */
export function duplicateField(meta: Meta, fieldname: string, value: unknown): DuplicateEntryError {
  const error = new DuplicateEntryError(
    `${meta.label(fieldname)} must be unique: ${meta.name} with ${meta.label(fieldname)} ${String(value)} already exists`,
  );
  error.fieldname = fieldname;
  return error;
}
