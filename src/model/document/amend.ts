import { DoesNotExistError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import { checkPermission } from '../permissions/has-permission.ts';
import { childMetasOf } from './child-metas.ts';
import type { Doc, DocInput } from './doc.ts';
import { insertDoc } from './insert.ts';
import { loadDoc } from './load.ts';
import type { WriteOptions } from './operation.ts';

/**
 * Amends a cancelled document: a new draft copying its fields and child rows (except `no_copy` fields),
 * with `amended_from` set and named `<original>-1` (an amendment of `X-1` is `X-2`). Needs the amend right on
 * the original and create permission; ValidationError unless the original is cancelled.
 *
 * @example const draft = await amendDoc(ctx, 'Invoice', 'INV-0001'); // name 'INV-0001-1'
 */
export async function amendDoc(
  ctx: DocContext,
  doctype: string,
  name: string,
  options: WriteOptions = {},
): Promise<Doc> {
  const meta = await ctx.metas.get(ctx.db, doctype);
  if (!meta.field('amended_from')) throw new ValidationError(`${doctype} cannot be amended`);
  const childMetas = await childMetasOf(ctx, meta);
  const original = await loadDoc(ctx, meta, childMetas, String(name));
  if (!original) throw new DoesNotExistError(`${doctype} ${name} not found`);
  if (!options.ignorePermissions) await checkPermission(ctx, meta, 'amend', original);
  if (Number(original.docstatus) !== 2)
    throw new ValidationError(`${doctype} ${name} must be cancelled before it can be amended`);
  const copy: DocInput = { doctype: meta.name };
  for (const field of meta.columnFields) {
    if (!field.no_copy && original[field.fieldname] !== undefined)
      copy[field.fieldname] = original[field.fieldname];
  }
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    const rows = (original[table.fieldname] as Doc[] | undefined) ?? [];
    copy[table.fieldname] = rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const field of child?.columnFields ?? []) {
        if (!field.no_copy && row[field.fieldname] !== undefined) out[field.fieldname] = row[field.fieldname];
      }
      return out;
    });
  }
  copy.amended_from = original.name;
  return insertDoc(ctx, copy, options);
}
