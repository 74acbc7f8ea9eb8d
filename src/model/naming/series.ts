import type { Queryable } from '../../db/database.ts';

/**
 * Advances the naming series `key` in `tabSeries` and returns its new value (1 for a new series). One atomic
 * upsert, so concurrent transactions never get the same value: the row stays locked by the transaction
 * until it ends (Frappe's `getseries` with `FOR UPDATE`).
 *
 * @example await nextSeriesValue(tx, 'TODO-') // 1, then 2, ...
 */
export async function nextSeriesValue(db: Queryable, key: string): Promise<number> {
  const q = db.dialect.quote;
  const table = q('tabSeries');
  const name = q('name');
  const current = q('current');
  if (db.dialect.type === 'mariadb') {
    await db.run(
      `INSERT INTO ${table} (${name}, ${current}) VALUES (?, 1) ON DUPLICATE KEY UPDATE ${current} = ${current} + 1`,
      [key],
    );
    const row = await db.one<{ current: number }>(`SELECT ${current} FROM ${table} WHERE ${name} = ?`, [key]);
    return Number(row?.current);
  }
  const row = await db.one<{ current: number }>(
    `INSERT INTO ${table} (${name}, ${current}) VALUES (?, 1) ON CONFLICT (${name}) DO UPDATE SET ${current} = ${table}.${current} + 1 RETURNING ${current}`,
    [key],
  );
  return Number(row?.current);
}
