// Deleting a node of a tree DocType (Frappe's `NestedSet.on_trash`): only a node without children may go,
// and its place in the nested set closes once its row is deleted.
import type { Queryable } from '../../../db/database.ts';
import { NestedSetChildExistsError } from '../../../errors/index.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';
import { NestedSet } from './nested-set.ts';

/** Refuses to delete a node that is the parent of other documents (NestedSetChildExistsError, 417). */
export async function refuseIfChildren(db: Queryable, meta: Meta, doc: Doc): Promise<void> {
  if (!meta.isTree) return;
  if (await new NestedSet(db, meta).childCount(String(doc.name)))
    throw new NestedSetChildExistsError(`Cannot delete ${String(doc.name)} as it has child nodes`);
}

/** Closes the gap a deleted node leaves (`doc` as it was stored; the tree lock held since it was read). */
export async function closeTreeGap(db: Queryable, meta: Meta, doc: Doc): Promise<void> {
  if (!meta.isTree) return;
  const lft = Number(doc.lft) || 0;
  const rgt = Number(doc.rgt) || 0;
  if (lft > 0 && rgt > lft) await new NestedSet(db, meta).closeGap(rgt, rgt - lft + 1);
}
