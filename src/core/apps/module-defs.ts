import type { Queryable } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';
import moduleDef from '../doctypes/module_def.json' with { type: 'json' };
import { insertCoreRow } from './record-row.ts';

/** A Module Def row: which app a module (and so each DocType of it) belongs to. */
export interface ModuleDefRow {
  [column: string]: unknown;
  module_name: string;
  app_name: string;
  custom: number;
}

/** Every Module Def of the site. */
export function readModuleDefs(db: Queryable): Promise<ModuleDefRow[]> {
  const q = db.dialect.quote;
  return db.all<ModuleDefRow>(
    `SELECT ${q('module_name')}, ${q('app_name')}, ${q('custom')} FROM ${q(tableName('Module Def'))} ORDER BY ${q('module_name')}`,
  );
}

/**
 * Records the app's (standard) modules; a module already recorded for the same app is kept. A module another
 * app owns is refused: its DocTypes would change owner.
 */
export async function recordModuleDefs(db: Queryable, appName: string, modules: readonly string[]): Promise<void> {
  const q = db.dialect.quote;
  for (const module of modules) {
    const row = await db.one<{ app_name: string }>(
      `SELECT ${q('app_name')} FROM ${q(tableName('Module Def'))} WHERE ${q('name')} = ?`,
      [module],
    );
    if (row?.app_name === appName) continue;
    if (row) throw new Error(`module ${module} belongs to app ${row.app_name}, not ${appName}`);
    await insertCoreRow(db, moduleDef, { name: module, module_name: module, app_name: appName, custom: 0 });
  }
}

/** Forgets the app's modules (uninstall). */
export async function removeModuleDefs(db: Queryable, appName: string): Promise<void> {
  const q = db.dialect.quote;
  await db.run(`DELETE FROM ${q(tableName('Module Def'))} WHERE ${q('app_name')} = ?`, [appName]);
}
