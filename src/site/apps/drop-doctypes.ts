import type { Transaction } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';
import { loadMeta } from '../../db/schema/index.ts';

/**
 * Removes DocTypes from a site: their tables (or Single values), their stored metas, and the rows other
 * DocTypes' metas keep about them only as their parent. Run in one transaction with the rest of an uninstall.
 *
 * @returns one line per DocType dropped
 */
export async function dropDocTypes(tx: Transaction, names: readonly string[]): Promise<string[]> {
  const q = tx.dialect.quote;
  const dropped: string[] = [];
  for (const name of names) {
    const meta = await loadMeta(tx, name);
    if (!meta) continue;
    if (meta.issingle) await tx.run(`DELETE FROM ${q('tabSingles')} WHERE ${q('doctype')} = ?`, [name]);
    else if (!meta.is_virtual) await tx.run(`DROP TABLE IF EXISTS ${q(tableName(name))}`);
    for (const child of ['DocField', 'DocPerm'])
      await tx.run(
        `DELETE FROM ${q(tableName(child))} WHERE ${q('parent')} = ? AND ${q('parenttype')} = 'DocType'`,
        [name],
      );
    await tx.run(`DELETE FROM ${q(tableName('DocType'))} WHERE ${q('name')} = ?`, [name]);
    dropped.push(`drop ${name}`);
  }
  return dropped;
}
