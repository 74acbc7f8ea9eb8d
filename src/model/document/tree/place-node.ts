// Keeping a tree DocType's nested set right as its documents are written (Frappe's `NestedSet.on_update`),
// in the write's own transaction, before the document's row is written: a new node goes last under its
// parent (or last among the roots), a node whose parent changed moves with its whole subtree. `lft`,
// `rgt` and `old_parent` are the engine's: whatever a client sends for them is replaced.
import { LinkValidationError, NestedSetRecursionError, ValidationError } from '../../../errors/index.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';
import type { Operation } from '../operation.ts';
import { NestedSet, type NodeBounds, type TreeNode } from './nested-set.ts';
import { lockTree } from './tree-lock.ts';

/**
 * Places `op.doc` in its tree (a no-op for other DocTypes): sets its `lft`, `rgt` and `old_parent` and
 * shifts the nodes around it. Refuses a parent that does not exist or is not a group, a parent inside
 * the node's own subtree (NestedSetRecursionError), and a node with children that stops being a group.
 */
export async function placeInTree(op: Operation): Promise<void> {
  const { ctx, meta, doc, before } = op;
  if (!meta.isTree) return;
  await lockTree(ctx.db, meta);
  const set = new NestedSet(ctx.db, meta);
  const parent = parentOf(doc, meta);
  const stored = before ? await set.node(String(doc.name)) : undefined;
  let bounds: NodeBounds;
  if (!stored || (!stored.lft && !stored.rgt)) {
    // New, or stored before its DocType became a tree: added last under its parent (Frappe's add_node).
    const at = parent ? (await parentNode(set, meta, parent)).rgt : (await set.end()) + 1;
    await set.openGap(at, 2);
    bounds = { lft: at, rgt: at + 1 };
  } else {
    if (!doc.is_group && meta.field('is_group') && (await set.childCount(String(doc.name))))
      throw new ValidationError(`${meta.name} ${String(doc.name)} cannot be a leaf node as it has children`);
    bounds = stored;
    if (parent !== parentOf(before!, meta)) {
      if (parent) await parentNode(set, meta, parent, stored);
      bounds = await set.move(stored, async () =>
        parent ? (await parentNode(set, meta, parent)).rgt : (await set.end()) + 1,
      );
    }
  }
  doc.lft = bounds.lft;
  doc.rgt = bounds.rgt;
  if (meta.field('old_parent')) doc.old_parent = parent || null;
}

/**
 * Puts back the stored `lft`, `rgt` and `old_parent` (none for a new document) over whatever the client
 * sent, before the document is validated: they are the engine's, and a stale `old_parent` must not fail
 * the Link check.
 */
export function keepTreeFields(op: Operation): void {
  if (!op.meta.isTree) return;
  for (const field of ['lft', 'rgt', 'old_parent'])
    if (op.meta.field(field)) op.doc[field] = op.before?.[field] ?? (field === 'old_parent' ? null : 0);
}

/** The parent a document names ('' for a root). */
export function parentOf(doc: Doc, meta: Meta): string {
  const value = doc[meta.treeParentField];
  return value === null || value === undefined ? '' : String(value);
}

// The parent node, which must exist, lie outside the subtree of the node being moved, and be a group.
async function parentNode(set: NestedSet, meta: Meta, name: string, moving?: NodeBounds): Promise<TreeNode> {
  const node = await set.node(name);
  const label = meta.label(meta.treeParentField);
  if (!node) throw new LinkValidationError(`Could not find ${label}: ${name}`);
  if (moving && node.lft >= moving.lft && node.rgt <= moving.rgt)
    throw new NestedSetRecursionError(`${meta.name}: an item cannot be added to its own descendants`);
  if (!node.isGroup)
    throw new ValidationError(
      `${label} ${name} is not a group: only groups can have children in ${meta.name}`,
    );
  return node;
}
