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
export async function recordModuleDefs(
  db: Queryable,
  appName: string,
  modules: readonly string[],
): Promise<void> {
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

/**
 * Makes sure a module named by a custom DocType exists: a missing one is recorded as a custom module of no app
 * (Frappe would refuse the DocType instead: docs/compat.md).
 */
export async function ensureCustomModule(db: Queryable, module: string): Promise<void> {
  const q = db.dialect.quote;
  const row = await db.one(`SELECT ${q('name')} FROM ${q(tableName('Module Def'))} WHERE ${q('name')} = ?`, [
    module,
  ]);
  if (!row)
    await insertCoreRow(db, moduleDef, { name: module, module_name: module, app_name: null, custom: 1 });
}

/** Records a custom module for every stored DocType whose module has no Module Def (sites made before them). */
export async function recordMissingModules(db: Queryable): Promise<void> {
  const q = db.dialect.quote;
  const rows = await db.all<{ module: string }>(
    `SELECT DISTINCT d.${q('module')} FROM ${q(tableName('DocType'))} d
      LEFT JOIN ${q(tableName('Module Def'))} m ON m.${q('name')} = d.${q('module')}
      WHERE d.${q('module')} IS NOT NULL AND d.${q('module')} <> '' AND m.${q('name')} IS NULL`,
  );
  for (const row of rows) await ensureCustomModule(db, row.module);
}
