import { type DocContext, nowOf } from '../context.ts';
import { applyDefaults } from './defaults.ts';
import type { Doc } from './doc.ts';

/**
 * A new, unsaved document of `doctype` with its defaults filled in (Frappe's `frappe.new_doc(...).as_dict()`):
 * `__islocal` and `__unsaved` set, owner the user, docstatus 0, empty child tables. Nothing is written.
 *
 * @example const draft = await newDoc(ctx, 'ToDo'); // { doctype: 'ToDo', status: 'Open', priority: 'Medium', ... }
 */
export async function newDoc(ctx: DocContext, doctype: string): Promise<Doc> {
  const meta = await ctx.metas.get(ctx.db, doctype);
  const doc: Doc = { doctype: meta.name, owner: ctx.user, docstatus: 0, idx: 0 };
  applyDefaults(doc, meta, { user: ctx.user, now: nowOf(ctx) });
  for (const [key, value] of Object.entries(doc)) if (value === null || value === undefined) delete doc[key];
  doc.__islocal = 1;
  doc.__unsaved = 1;
  return doc;
}
