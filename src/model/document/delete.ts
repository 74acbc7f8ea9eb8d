import { tableName } from '../../db/meta.ts';
import { DoesNotExistError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import type { HookArgs } from '../controllers/events.ts';
import type { Meta } from '../meta/meta.ts';
import { checkPermission } from '../permissions/has-permission.ts';
import { selfServedDocType, type VirtualDocType, virtualOperation } from '../virtual/virtual-doctypes.ts';
import { childMetasOf } from './child-metas.ts';
import { deleteChildRow } from './child-row.ts';
import { assertStandalone } from './insert.ts';
import { checkNoLinks } from './links-to.ts';
import { loadDoc } from './load.ts';
import { notifyUpdate } from './notify.ts';
import type { WriteOptions } from './operation.ts';
import { closeTreeGap, refuseIfChildren } from './tree/remove-node.ts';
import { lockTree } from './tree/tree-lock.ts';
import { deleteRows } from './write.ts';

/** Options of `deleteDoc`. */
export interface DeleteOptions extends WriteOptions {
  /** Passed to controllers as `flags.force` (a DocType with records is deleted only when forced). */
  force?: boolean | undefined;
}

// Rows of these DocTypes that point at a deleted document go with it: [DocType, type field, name field].
const followers: ReadonlyArray<[string, string, string]> = [
  ['ToDo', 'reference_type', 'reference_name'],
  ['Version', 'ref_doctype', 'docname'],
  ['Comment', 'reference_doctype', 'reference_name'],
  ['DocShare', 'share_doctype', 'share_name'],
];

/**
 * Deletes a document (Frappe's `delete_doc`): delete permission on it; a submitted document must be cancelled
 * first (ValidationError); `on_trash`; a tree node with children is refused (NestedSetChildExistsError), and a
 * deleted node's place in the nested set closes; refused with LinkExistsError while another document links to it;
 * then its row and child rows, its ToDos, Versions, Comments and shares, its attached Files (deleted as documents, so
 * their hooks remove the files), its secrets in `__Auth`; `after_delete`; realtime notices queued for commit.
 * A child row named on its own is removed through its parent (`deleteChildRow`). A virtual DocType's record is
 * deleted by its controller, between `on_trash` and `after_delete` (or by it alone when it owns access).
 *
 * @example await deleteDoc(ctx, 'ToDo', 'a1b2c3d4e5');
 */
export async function deleteDoc(
  ctx: DocContext,
  doctype: string,
  name: string,
  options: DeleteOptions = {},
): Promise<void> {
  const own = selfServedDocType(ctx, doctype);
  if (own) return virtualDelete(own, ctx, doctype, String(name));
  const meta = await ctx.metas.get(ctx.db, doctype);
  if (meta.isSingle) throw new ValidationError(`${doctype} is a single DocType and cannot be deleted`);
  if (meta.isChild) return deleteChildRow(ctx, meta, String(name), options);
  assertStandalone(meta);
  const childMetas = await childMetasOf(ctx, meta);
  await lockTree(ctx.db, meta);
  const doc = await loadDoc(ctx, meta, childMetas, String(name), { forUpdate: true });
  if (!doc) throw new DoesNotExistError(`${doctype} ${name} not found`);
  if (!options.ignorePermissions) await checkPermission(ctx, meta, 'delete', doc);
  if (Number(doc.docstatus) === 1) {
    throw new ValidationError(
      `${doctype} ${name}: Submitted Record cannot be deleted. You must Cancel it first.`,
    );
  }
  const args: HookArgs = {
    ctx,
    meta,
    action: 'delete',
    before: doc,
    flags: { force: Boolean(options.force) },
  };
  await ctx.controllers.run('on_trash', doc, args);
  if (meta.isVirtual) {
    // Its records live in the controller's store: nothing of the tables below refers to them.
    await virtualOperation(ctx, meta, 'delete')(ctx, doc.name!);
    await ctx.controllers.run('after_delete', doc, args);
    notifyUpdate(ctx, meta, doc);
    return;
  }
  // A tree node's children link to it: refused as Frappe's NestedSet does, before the generic link check.
  await refuseIfChildren(ctx.db, meta, doc);
  // A DocType's own controller decides whether it may go (its records, its use as a child table).
  if (meta.name !== 'DocType') await checkNoLinks(ctx, meta.name, doc.name!, 'Delete');
  await deleteRows(ctx.db, meta, childMetas, doc.name!);
  await closeTreeGap(ctx.db, meta, doc);
  await deleteFollowers(ctx, meta, doc.name!);
  await ctx.controllers.run('after_delete', doc, args);
  notifyUpdate(ctx, meta, doc);
}

function virtualDelete(own: VirtualDocType, ctx: DocContext, doctype: string, name: string): Promise<void> {
  if (!own.delete) throw new ValidationError(`${doctype} records cannot be deleted`);
  return own.delete(ctx, name);
}

async function deleteFollowers(ctx: DocContext, meta: Meta, name: string): Promise<void> {
  const q = ctx.db.dialect.quote;
  for (const [follower, typeField, nameField] of followers) {
    if (!(await ctx.metas.find(ctx.db, follower))) continue;
    await ctx.db.run(
      `DELETE FROM ${q(tableName(follower))} WHERE ${q(typeField)} = ? AND ${q(nameField)} = ?`,
      [meta.name, name],
    );
  }
  if (meta.name !== 'File' && (await ctx.metas.find(ctx.db, 'File'))) {
    const files = await ctx.db.all<{ name: string }>(
      `SELECT ${q('name')} FROM ${q('tabFile')} WHERE ${q('attached_to_doctype')} = ? AND ${q('attached_to_name')} = ?`,
      [meta.name, name],
    );
    for (const file of files) await deleteDoc(ctx, 'File', file.name, { ignorePermissions: true });
  }
  await ctx.db.run(`DELETE FROM ${q('__Auth')} WHERE ${q('doctype')} = ? AND ${q('name')} = ?`, [
    meta.name,
    name,
  ]);
}
