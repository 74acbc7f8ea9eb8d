import type { Queryable } from '../../../db/database.ts';
import { tableName } from '../../../db/meta.ts';
import type { Meta } from '../../meta/meta.ts';

/**
 * Serialises the tree writes of one DocType until the transaction ends (a no-op for other DocTypes): an
 * insert, move or delete in a nested set shifts other nodes, so two at once would work from stale
 * bounds. PostgreSQL and MariaDB lock the DocType's own row of `tabDocType` (released at commit or
 * rollback); SQLite's single writer already runs one transaction at a time. Callers take it before they
 * lock any node of the tree, so two tree writers never wait for each other's rows.
 */
export async function lockTree(db: Queryable, meta: Meta): Promise<void> {
  if (!meta.isTree || db.dialect.type === 'sqlite') return;
  const q = db.dialect.quote;
  await db.one(`SELECT ${q('name')} FROM ${q(tableName('DocType'))} WHERE ${q('name')} = ? FOR UPDATE`, [
    meta.name,
  ]);
}
