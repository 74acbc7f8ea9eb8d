import type { Queryable } from '../../../db/database.ts';
import { tableName } from '../../../db/meta.ts';
import type { Meta } from '../../meta/meta.ts';

/**
 * Numbers a tree DocType's nested set from its parent links (Frappe's `rebuild_tree`): roots (no parent)
 * and children in name order, depth first. For documents stored before their DocType became a tree.
 * Documents whose parent chain reaches no root keep 0/0 and are placed when next saved.
 */
export async function rebuildTree(db: Queryable, meta: Meta): Promise<void> {
  const q = db.dialect.quote;
  const table = q(tableName(meta.name));
  const rows = await db.all<{ name: unknown; parent: unknown }>(
    `SELECT ${q('name')} AS ${q('name')}, ${q(meta.treeParentField)} AS ${q('parent')} FROM ${table} ORDER BY ${q('name')}`,
  );
  const children = new Map<string, string[]>();
  for (const row of rows) {
    const parent = row.parent === null || row.parent === undefined ? '' : String(row.parent);
    const list = children.get(parent) ?? [];
    list.push(String(row.name));
    children.set(parent, list);
  }
  const bounds = new Map<string, [number, number]>();
  let next = 1;
  // Iterative depth-first walk: a deep tree must not exhaust the stack.
  const stack: Array<{ name: string; lft: number; open: boolean }> = (children.get('') ?? [])
    .map((name) => ({ name, lft: 0, open: false }))
    .reverse();
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (!top.open) {
      if (bounds.has(top.name)) {
        stack.pop();
        continue;
      }
      top.open = true;
      top.lft = next++;
      bounds.set(top.name, [top.lft, 0]);
      for (const child of [...(children.get(top.name) ?? [])].reverse())
        stack.push({ name: child, lft: 0, open: false });
    } else {
      stack.pop();
      bounds.set(top.name, [top.lft, next++]);
    }
  }
  for (const row of rows) {
    const [lft, rgt] = bounds.get(String(row.name)) ?? [0, 0];
    await db.run(`UPDATE ${table} SET ${q('lft')} = ?, ${q('rgt')} = ? WHERE ${q('name')} = ?`, [
      lft,
      rgt,
      row.name,
    ]);
  }
}
