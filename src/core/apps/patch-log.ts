import type { Queryable } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';
import patchLog from '../doctypes/patch_log.json' with { type: 'json' };
import { insertCoreRow } from './record-row.ts';

/** The patches already run on the site (Patch Log's `patch`, one row per patch). */
export async function ranPatches(db: Queryable): Promise<Set<string>> {
  const q = db.dialect.quote;
  const rows = await db.all<{ patch: string }>(`SELECT ${q('patch')} FROM ${q(tableName('Patch Log'))}`);
  return new Set(rows.map((r) => r.patch));
}

/** Records a patch as run (in the transaction that ran it, so a failed patch is never recorded). */
export function recordPatch(db: Queryable, patch: string): Promise<void> {
  return insertCoreRow(db, patchLog, { patch, skipped: 0 });
}

/** Forgets the patches of an app (uninstall): those whose dotted path starts with the app's name. */
export async function removePatchLog(db: Queryable, appName: string): Promise<number> {
  const q = db.dialect.quote;
  const mine = [...(await ranPatches(db))].filter((patch) => patch.startsWith(`${appName}.`));
  for (const patch of mine)
    await db.run(`DELETE FROM ${q(tableName('Patch Log'))} WHERE ${q('patch')} = ?`, [patch]);
  return mine.length;
}
