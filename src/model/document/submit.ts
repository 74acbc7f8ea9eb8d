import { DoesNotExistError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import { childMetasOf } from './child-metas.ts';
import type { Doc } from './doc.ts';
import { loadDoc } from './load.ts';
import type { WriteOptions } from './operation.ts';
import { saveDoc } from './save.ts';

/**
 * Submits a stored draft (docstatus 0→1; Frappe's `submit`): submit permission, `before_validate`,
 * `validate`, `before_submit`, then `on_update`, `on_submit`. Returns the submitted document.
 *
 * @example await submitDoc(ctx, 'Invoice', 'INV-0001');
 */
export function submitDoc(
  ctx: DocContext,
  doctype: string,
  name: string,
  options?: WriteOptions,
): Promise<Doc> {
  return changeDocstatus(ctx, doctype, name, 1, options);
}

/**
 * Cancels a submitted document (docstatus 1→2; Frappe's `cancel`): cancel permission, `before_cancel`,
 * `on_cancel`, and refused with LinkExistsError while a submitted document links to it.
 *
 * @example await cancelDoc(ctx, 'Invoice', 'INV-0001');
 */
export function cancelDoc(
  ctx: DocContext,
  doctype: string,
  name: string,
  options?: WriteOptions,
): Promise<Doc> {
  return changeDocstatus(ctx, doctype, name, 2, options);
}

async function changeDocstatus(
  ctx: DocContext,
  doctype: string,
  name: string,
  docstatus: 1 | 2,
  options: WriteOptions = {},
): Promise<Doc> {
  const meta = await ctx.metas.get(ctx.db, doctype);
  const stored = await loadDoc(ctx, meta, await childMetasOf(ctx, meta), String(name));
  if (!stored) throw new DoesNotExistError(`${doctype} ${name} not found`);
  return saveDoc(ctx, { ...stored, docstatus }, options);
}
