// The SQL of one tree DocType's nested set: each node holds `lft` < `rgt`, and a node's descendants are
// exactly the nodes strictly between its `lft` and `rgt`. Every change keeps the numbering gap-free.
// Callers hold the tree lock (tree-lock.ts); reads are locking reads on MariaDB, whose plain reads would
// see the transaction's snapshot instead of what the previous lock holder committed.
import type { Queryable } from '../../../db/database.ts';
import { tableName } from '../../../db/meta.ts';
import type { Meta } from '../../meta/meta.ts';

/** Where a node sits. */
export interface NodeBounds {
  lft: number;
  rgt: number;
}

/** A node with what its children depend on. */
export interface TreeNode extends NodeBounds {
  isGroup: boolean;
}

/** The nested set of a tree DocType's table. */
export class NestedSet {
  private readonly table: string;
  private readonly latest: string;

  constructor(
    private readonly db: Queryable,
    private readonly meta: Meta,
  ) {
    const q = db.dialect.quote;
    this.table = q(tableName(meta.name));
    this.latest = db.dialect.type === 'mariadb' ? ' FOR UPDATE' : '';
  }

  private column(name: string): string {
    return this.db.dialect.quote(name);
  }

  /** A stored node, or undefined. */
  async node(name: string): Promise<TreeNode | undefined> {
    const [lft, rgt, group] = ['lft', 'rgt', 'is_group'].map((c) => this.column(c));
    const hasGroup = this.meta.field('is_group') !== undefined;
    const row = await this.db.one(
      `SELECT ${lft} AS l, ${rgt} AS r${hasGroup ? `, ${group} AS g` : ''} FROM ${this.table} WHERE ${this.column('name')} = ?${this.latest}`,
      [name],
    );
    if (!row) return undefined;
    return { lft: Number(row.l) || 0, rgt: Number(row.r) || 0, isGroup: !hasGroup || Boolean(Number(row.g)) };
  }

  /** The highest `rgt` in the table (0 when empty): a new root goes after it. */
  async end(): Promise<number> {
    const rgt = this.column('rgt');
    // MariaDB reads the latest rows with FOR UPDATE (allowed with MAX there, unlike on PostgreSQL).
    const row = await this.db.one(`SELECT MAX(${rgt}) AS m FROM ${this.table}${this.latest}`);
    return Number(row?.m) || 0;
  }

  /** How many documents name `name` as their parent. */
  async childCount(name: string): Promise<number> {
    const row = await this.db.one(
      `SELECT COUNT(*) AS n FROM ${this.table} WHERE ${this.column(this.meta.treeParentField)} = ?`,
      [name],
    );
    return Number(row?.n) || 0;
  }

  /** Makes room for `width` positions starting at `at`: everything at or after it moves right. */
  async openGap(at: number, width: number): Promise<void> {
    await this.shift(width, '>=', at);
  }

  /** Closes the room of `width` positions that ended at `after`: everything after it moves left. */
  async closeGap(after: number, width: number): Promise<void> {
    await this.shift(-width, '>', after);
  }

  /**
   * Moves a subtree so that it ends right before `target()` (a parent's `rgt`, or the end for a new
   * root), read after the subtree has left its place. The subtree is parked at negative positions while
   * the rest closes and reopens around it. Returns the node's new bounds.
   */
  async move(node: NodeBounds, target: () => Promise<number>): Promise<NodeBounds> {
    const [lft, rgt] = [this.column('lft'), this.column('rgt')];
    const width = node.rgt - node.lft + 1;
    await this.db.run(
      `UPDATE ${this.table} SET ${lft} = -${lft}, ${rgt} = -${rgt} WHERE ${lft} >= ? AND ${rgt} <= ?`,
      [node.lft, node.rgt],
    );
    await this.closeGap(node.rgt, width);
    const at = await target();
    await this.openGap(at, width);
    // A parked position -p goes to p - node.lft + at.
    const offset = at - node.lft;
    await this.db.run(`UPDATE ${this.table} SET ${lft} = ? - ${lft}, ${rgt} = ? - ${rgt} WHERE ${lft} < 0`, [
      offset,
      offset,
    ]);
    return { lft: at, rgt: at + width - 1 };
  }

  // lft and rgt shift in separate statements: a node's rgt may be past the mark while its lft is not.
  private async shift(by: number, op: '>' | '>=', mark: number): Promise<void> {
    for (const name of ['lft', 'rgt']) {
      const column = this.column(name);
      await this.db.run(`UPDATE ${this.table} SET ${column} = ${column} + ? WHERE ${column} ${op} ?`, [
        by,
        mark,
      ]);
    }
  }
}
