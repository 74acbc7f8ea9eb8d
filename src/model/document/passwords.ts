import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import type { Doc } from './doc.ts';

const mask = /^\*+$/;

/**
 * Moves the values of Password fields out of the document (Frappe's `_save_passwords`): a new value is
 * written to `__Auth` (through `ctx.encryptPassword` when the site provides it) and the column keeps only
 * asterisks; a masked value (`*****`, as reads return it) leaves the stored secret alone.
 */
export async function savePasswords(ctx: DocContext, doc: Doc, meta: Meta): Promise<void> {
  for (const field of meta.columnFields) {
    if (field.fieldtype !== 'Password') continue;
    const value = doc[field.fieldname];
    if (typeof value !== 'string' || value === '' || mask.test(value)) continue;
    const stored = ctx.encryptPassword ? ctx.encryptPassword(value) : value;
    const q = ctx.db.dialect.quote;
    const key = [meta.name, doc.name, field.fieldname];
    await ctx.db.run(
      `DELETE FROM ${q('__Auth')} WHERE ${q('doctype')} = ? AND ${q('name')} = ? AND ${q('fieldname')} = ?`,
      key,
    );
    await ctx.db.run(
      `INSERT INTO ${q('__Auth')} (${q('doctype')}, ${q('name')}, ${q('fieldname')}, ${q('password')}, ${q('encrypted')}) VALUES (?, ?, ?, ?, ?)`,
      [...key, stored, ctx.encryptPassword ? 1 : 0],
    );
    doc[field.fieldname] = '*'.repeat(Math.min(value.length, 20));
  }
}
