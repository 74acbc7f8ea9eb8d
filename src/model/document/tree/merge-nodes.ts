// Renaming a tree node onto an existing one (a merge, Frappe's `NestedSet.before_rename`/`after_rename`):
// only group onto group or leaf onto leaf, and the merged node's children join the target, so the nested
// set is renumbered afterwards.
import type { Queryable } from '../../../db/database.ts';
import { tableName } from '../../../db/meta.ts';
import { NestedSetInvalidMergeError } from '../../../errors/index.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';
import { rebuildTree } from './rebuild.ts';

/** Refuses merging a group with a leaf (NestedSetInvalidMergeError, 417). */
export async function checkTreeMerge(db: Queryable, meta: Meta, doc: Doc, target: string): Promise<void> {
  if (!meta.isTree || !meta.field('is_group')) return;
  const q = db.dialect.quote;
  const row = await db.one(
    `SELECT ${q('is_group')} AS g FROM ${q(tableName(meta.name))} WHERE ${q('name')} = ?`,
    [target],
  );
  if (Boolean(Number(row?.g)) !== Boolean(Number(doc.is_group)))
    throw new NestedSetInvalidMergeError(
      'Merging is only possible between Group-to-Group or Leaf Node-to-Leaf Node',
    );
}

/** Renumbers the nested set once a merged node's children point at the target. */
export async function afterTreeMerge(db: Queryable, meta: Meta): Promise<void> {
  if (meta.isTree) await rebuildTree(db, meta);
}
