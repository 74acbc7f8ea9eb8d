import { tableName } from '../../db/meta.ts';
import { DoesNotExistError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import type { HookArgs } from '../controllers/events.ts';
import type { Meta } from '../meta/meta.ts';
import { validateName } from '../naming/validate-name.ts';
import { checkPermission } from '../permissions/has-permission.ts';
import { childMetasOf } from './child-metas.ts';
import { deleteDoc } from './delete.ts';
import { assertStandalone } from './insert.ts';
import { loadDoc } from './load.ts';
import { notifyUpdate } from './notify.ts';
import type { WriteOptions } from './operation.ts';
import { afterTreeMerge, checkTreeMerge } from './tree/merge-nodes.ts';
import { lockTree } from './tree/tree-lock.ts';
import { duplicateName } from './validation/unique.ts';

/** Options of `renameDoc`. */
export interface RenameOptions extends WriteOptions {
  /** Merge into an existing document of the new name (its links move there, the old document goes). */
  merge?: boolean | undefined;
}

// Tables whose rows describe DocTypes: changing them changes metas.
const metaTables = new Set(['DocType', 'DocField', 'DocPerm']);
const identifier = /^[A-Za-z0-9_ -]{1,64}$/;

/**
 * Renames a document (Frappe's `rename_doc`): the DocType must allow renaming (`allow_rename`), the user
 * needs write permission; the new name is validated and must be free (DuplicateEntryError) unless merging.
 * Its row and child rows take the new name, and so do every Link and Dynamic Link pointing at it (documents,
 * child rows, singles), its Versions, Files and secrets. Runs `before_rename`/`after_rename`; returns the
 * new name.
 *
 * @example await renameDoc(ctx, 'Role', 'Clerk', 'Accounts Clerk');
 */
export async function renameDoc(
  ctx: DocContext,
  doctype: string,
  oldName: string,
  newName: string,
  options: RenameOptions = {},
): Promise<string> {
  const meta = await ctx.metas.get(ctx.db, doctype);
  assertStandalone(meta);
  if (meta.isVirtual) throw new ValidationError(`${doctype} is a virtual DocType and cannot be renamed`);
  if (meta.isSingle) throw new ValidationError(`${doctype} is a single DocType and cannot be renamed`);
  if (!meta.raw.allow_rename) throw new ValidationError(`${doctype} not allowed to be renamed`);
  const childMetas = await childMetasOf(ctx, meta);
  await lockTree(ctx.db, meta);
  const doc = await loadDoc(ctx, meta, childMetas, String(oldName), { forUpdate: true });
  if (!doc) throw new DoesNotExistError(`${doctype} ${oldName} not found`);
  if (!options.ignorePermissions) await checkPermission(ctx, meta, 'write', doc);
  const target = validateName(doctype, newName);
  const old = doc.name!;
  if (target === old) return old;
  const q = ctx.db.dialect.quote;
  const exists = await ctx.db.one(
    `SELECT ${q('name')} FROM ${q(tableName(meta.name))} WHERE ${q('name')} = ?`,
    [target],
  );
  if (exists && !options.merge) throw duplicateName(meta, target);
  if (!exists && options.merge) {
    throw new ValidationError(`${doctype} ${target} does not exist, select a new target to merge`);
  }
  if (options.merge) await checkTreeMerge(ctx.db, meta, doc, target);
  const args: HookArgs = {
    ctx,
    meta,
    action: 'rename',
    before: doc,
    flags: { old, new: target, merge: Boolean(options.merge) },
  };
  await ctx.controllers.run('before_rename', doc, args);
  if (!options.merge) {
    await ctx.db.run(`UPDATE ${q(tableName(meta.name))} SET ${q('name')} = ? WHERE ${q('name')} = ?`, [
      target,
      old,
    ]);
    for (const child of childMetas.keys()) {
      await ctx.db.run(
        `UPDATE ${q(tableName(child))} SET ${q('parent')} = ? WHERE ${q('parent')} = ? AND ${q('parenttype')} = ?`,
        [target, old, meta.name],
      );
    }
  }
  await relink(ctx, meta, old, target);
  if (options.merge) {
    await deleteDoc(ctx, doctype, old, { ignorePermissions: true });
    await afterTreeMerge(ctx.db, meta);
  }
  doc.name = target;
  await ctx.controllers.run('after_rename', doc, args);
  notifyUpdate(ctx, meta, doc);
  return target;
}

// Points every reference at the new name: Link and Dynamic Link fields, singles, Versions, Files, __Auth.
async function relink(ctx: DocContext, meta: Meta, old: string, target: string): Promise<void> {
  const q = ctx.db.dialect.quote;
  const sources = await ctx.db.all<{
    parent: string;
    fieldname: string;
    fieldtype: string;
    options: string | null;
    issingle: number;
  }>(
    `SELECT f.${q('parent')}, f.${q('fieldname')}, f.${q('fieldtype')}, f.${q('options')}, d.${q('issingle')}
     FROM ${q('tabDocField')} f JOIN ${q('tabDocType')} d ON d.${q('name')} = f.${q('parent')}
     WHERE f.${q('parenttype')} = 'DocType' AND d.${q('is_virtual')} = 0
       AND ((f.${q('fieldtype')} = 'Link' AND f.${q('options')} = ?) OR f.${q('fieldtype')} = 'Dynamic Link')`,
    [meta.name],
  );
  let metasChanged = false;
  for (const s of sources) {
    if (!identifier.test(s.parent) || !identifier.test(s.fieldname)) continue;
    const dynamic = s.fieldtype === 'Dynamic Link';
    if (dynamic && (!s.options || !identifier.test(s.options))) continue;
    if (s.issingle) {
      if (dynamic) continue;
      await ctx.db.run(
        `UPDATE ${q('tabSingles')} SET ${q('value')} = ? WHERE ${q('doctype')} = ? AND ${q('field')} = ? AND ${q('value')} = ?`,
        [target, s.parent, s.fieldname, old],
      );
      continue;
    }
    const typeCondition = dynamic ? ` AND ${q(s.options!)} = ?` : '';
    const result = await ctx.db.run(
      `UPDATE ${q(tableName(s.parent))} SET ${q(s.fieldname)} = ? WHERE ${q(s.fieldname)} = ?${typeCondition}`,
      dynamic ? [target, old, meta.name] : [target, old],
    );
    if (result.changes > 0 && metaTables.has(s.parent)) metasChanged = true;
  }
  const follow: Array<[string, string, string]> = [
    ['Version', 'ref_doctype', 'docname'],
    ['File', 'attached_to_doctype', 'attached_to_name'],
  ];
  for (const [doctype, typeField, nameField] of follow) {
    if (!(await ctx.metas.find(ctx.db, doctype))) continue;
    await ctx.db.run(
      `UPDATE ${q(tableName(doctype))} SET ${q(nameField)} = ? WHERE ${q(typeField)} = ? AND ${q(nameField)} = ?`,
      [target, meta.name, old],
    );
  }
  await ctx.db.run(
    `UPDATE ${q('__Auth')} SET ${q('name')} = ? WHERE ${q('doctype')} = ? AND ${q('name')} = ?`,
    [target, meta.name, old],
  );
  if (metasChanged) ctx.metas.invalidateOnCommit(ctx.db);
}
