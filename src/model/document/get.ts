import { DoesNotExistError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import { checkPermission } from '../permissions/has-permission.ts';
import { selfServedDocType } from '../virtual/virtual-doctypes.ts';
import { childMetasOf } from './child-metas.ts';
import { getChildRow } from './child-row.ts';
import type { Doc } from './doc.ts';
import { assertStandalone } from './insert.ts';
import { loadDoc } from './load.ts';
import { output } from './operation.ts';
import { getSingle } from './single.ts';

/**
 * Reads a document with its child rows (Frappe's `get_doc` + `check_permission("read")` +
 * `apply_fieldlevel_read_permissions`), serialised per docs/wire.md §2: nulls omitted, `doctype` on the
 * document and each row, datetimes `YYYY-MM-DD HH:MM:SS.ffffff`. DoesNotExistError (404) when missing,
 * PermissionError (403) when the user may not read it. A single DocType's document is read from `tabSingles`;
 * a child row by its own name is returned alone, judged by its parent document (`getChildRow`); a virtual
 * DocType's record comes from its controller (which may judge access itself, `ownsAccess`).
 *
 * @example const doc = await getDoc(ctx, 'ToDo', 'a1b2c3d4e5');
 */
export async function getDoc(ctx: DocContext, doctype: string, name: string): Promise<Doc> {
  const own = selfServedDocType(ctx, doctype);
  if (own) {
    const record = await own.get(ctx, String(name));
    if (!record) throw new DoesNotExistError(`${doctype} ${name} not found`);
    return record;
  }
  const meta = await ctx.metas.get(ctx.db, doctype);
  if (meta.isSingle) return getSingle(ctx, doctype);
  if (meta.isChild) return getChildRow(ctx, meta, String(name));
  assertStandalone(meta);
  const childMetas = await childMetasOf(ctx, meta);
  const doc = await loadDoc(ctx, meta, childMetas, String(name));
  if (!doc) throw new DoesNotExistError(`${doctype} ${name} not found`);
  await checkPermission(ctx, meta, 'read', doc);
  return output(ctx, meta, childMetas, doc);
}

/** Whether a document exists (no permission check: for callers that check themselves). */
export async function docExists(ctx: DocContext, doctype: string, name: string): Promise<boolean> {
  const meta = await ctx.metas.get(ctx.db, doctype);
  if (meta.isSingle) return true;
  const q = ctx.db.dialect.quote;
  const row = await ctx.db.one(`SELECT ${q('name')} FROM ${q(`tab${meta.name}`)} WHERE ${q('name')} = ?`, [
    String(name),
  ]);
  return row !== undefined;
}
