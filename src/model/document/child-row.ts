import { tableName } from '../../db/meta.ts';
import { DoesNotExistError, PermissionError } from '../../errors/index.ts';
import { tableFieldtypes } from '../../fieldtypes/index.ts';
import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import { permlevel } from '../meta/meta.ts';
import { checkPermission } from '../permissions/has-permission.ts';
import { canAccessLevel, permlevelAccess, stripUnreadable } from '../permissions/permlevels.ts';
import type { Right } from '../permissions/rights.ts';
import { childMetasOf } from './child-metas.ts';
import type { Doc } from './doc.ts';
import { loadDoc, rowToDoc } from './load.ts';
import type { WriteOptions } from './operation.ts';
import { saveDoc } from './save.ts';
import { serializeDoc } from './serialize.ts';

/** A child row and the parent document it belongs to, both as stored. */
interface ChildRowWithParent {
  row: Doc;
  parentMeta: Meta;
  parent: Doc;
  parentfield: string;
}

/**
 * Reads one row of a child DocType by its own name (Frappe's `get_doc` on a child DocType): the row alone,
 * serialised like a document (with `parent`, `parenttype`, `parentfield`, `idx`). Permission comes from the
 * parent document (Frappe's `has_child_permission`): `read` on it, and on the table field's permlevel.
 *
 * @example const row = await getChildRow(ctx, meta, 'a1b2c3d4e5');
 */
export async function getChildRow(ctx: DocContext, meta: Meta, name: string): Promise<Doc> {
  const found = await findChildRow(ctx, meta, name, 'read');
  const out = serializeDoc(found.row, meta, new Map());
  stripUnreadable(out, meta, new Map(), await permlevelAccess(ctx, found.parentMeta, 'read'));
  return out;
}

/**
 * Deletes one row of a child DocType by its own name through its parent (Frappe's `frappe.client.delete_doc`
 * for child tables): the row is removed from the parent, which is saved (write permission on the parent, its
 * hooks and Version run).
 */
export async function deleteChildRow(
  ctx: DocContext,
  meta: Meta,
  name: string,
  options: WriteOptions = {},
): Promise<void> {
  const { parent, parentfield } = await findChildRow(
    ctx,
    meta,
    name,
    options.ignorePermissions ? undefined : 'write',
    true,
  );
  const rows = (parent[parentfield] as Doc[]).filter((r) => r.name !== name);
  await saveDoc(ctx, { ...parent, [parentfield]: rows }, options);
}

async function findChildRow(
  ctx: DocContext,
  meta: Meta,
  name: string,
  right: Right | undefined,
  forUpdate = false,
): Promise<ChildRowWithParent> {
  const q = ctx.db.dialect.quote;
  const stored = await ctx.db.one(`SELECT * FROM ${q(tableName(meta.name))} WHERE ${q('name')} = ?`, [name]);
  const missing = () => new DoesNotExistError(`${meta.name} ${name} not found`);
  if (!stored) throw missing();
  const row = rowToDoc(meta, stored);
  const { parent: parentName, parenttype, parentfield } = row;
  if (typeof parentName !== 'string' || typeof parenttype !== 'string' || typeof parentfield !== 'string')
    throw new PermissionError();
  const parentMeta = await ctx.metas.find(ctx.db, parenttype);
  const table = parentMeta?.field(parentfield);
  if (!parentMeta || !table || !tableFieldtypes.has(table.fieldtype) || table.options !== meta.name)
    throw new PermissionError();
  const parent = await loadDoc(ctx, parentMeta, await childMetasOf(ctx, parentMeta), parentName, {
    forUpdate,
  });
  if (!parent) throw missing();
  if (right) {
    await checkPermission(ctx, parentMeta, right, parent);
    const access = await permlevelAccess(ctx, parentMeta, right === 'read' ? 'read' : 'write');
    if (!canAccessLevel(access, permlevel(table))) throw new PermissionError();
  }
  return { row, parentMeta, parent, parentfield };
}
