import { deleteUnkeyedSessionRows } from '../auth/sessions-table.ts';
import { coreDocTypes, installCoreSchema } from '../core/doctypes/index.ts';
import type { Database } from '../db/database.ts';
import { listDocTypes, loadCustomizedMeta, syncTable } from '../db/index.ts';
import { installJobSchema } from '../jobs/install.ts';

/** Reports a long step: what was just done, how many are done, of how many. */
export type MigrateProgress = (step: string, done: number, total: number) => void;

/**
 * Brings a site's database up to this version of Cortado: the core schema (new core DocTypes, new
 * columns, changed types), then every other stored DocType's table re-synced to its meta, so a type
 * mapping changed by an upgrade reaches existing tables. Idempotent; returns the changes made.
 *
 * @example const changes = await migrateSite(db, (step, done, total) => bar.update(done));
 */
export async function migrateSite(db: Database, onProgress?: MigrateProgress): Promise<string[]> {
  const { changes } = await installCoreSchema(db, (step, done, total) => onProgress?.(step, done, total));
  await installJobSchema(db);
  if (await deleteUnkeyedSessionRows(db)) changes.push('drop sessions stored by their sid');
  const core = new Set(coreDocTypes.map((meta) => meta.name));
  const others = (await listDocTypes(db)).filter((name) => !core.has(name));
  let done = 0;
  for (const name of others) {
    const meta = await loadCustomizedMeta(db, name);
    if (meta && !meta.issingle && !meta.is_virtual) {
      const result = await db.transaction((tx) => syncTable(tx, meta));
      changes.push(...result.changes);
    }
    onProgress?.(`table ${name}`, ++done, others.length);
  }
  return changes;
}
