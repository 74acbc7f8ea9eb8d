import { readModuleDefs } from '../../core/apps/index.ts';
import type { Queryable } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';
import type { LoadedApp } from '../loaded-app.ts';

/**
 * Refuses an app whose DocTypes the site already has from elsewhere: a DocType of another app (or of the core,
 * the app `frappe`) or a custom DocType of the site. One line names the first clash.
 */
export async function refuseForeignDocTypes(db: Queryable, app: LoadedApp): Promise<void> {
  if (app.doctypes.length === 0) return;
  const owners = new Map((await readModuleDefs(db)).map((m) => [m.module_name, m.app_name]));
  const q = db.dialect.quote;
  const names = app.doctypes.map((d) => d.meta.name);
  const stored = await db.all<{ name: string; module: string | null; custom: unknown }>(
    `SELECT ${q('name')}, ${q('module')}, ${q('custom')} FROM ${q(tableName('DocType'))} WHERE ${q('name')} IN (${names.map(() => '?').join(', ')})`,
    names,
  );
  for (const row of stored) {
    if (Number(row.custom))
      throw new Error(
        `cannot install ${app.name}: DocType ${row.name} is already a custom DocType of this site`,
      );
    const owner = owners.get(row.module ?? '') ?? 'an unknown app';
    if (owner !== app.name)
      throw new Error(
        `cannot install ${app.name}: DocType ${row.name} is already defined by app ${owner} (module ${row.module})`,
      );
  }
}

/** Every DocType of the site that belongs to the app (through its Module Defs), whether or not its JSON is still shipped. */
export async function siteDocTypesOf(db: Queryable, appName: string): Promise<string[]> {
  const modules = (await readModuleDefs(db)).filter((m) => m.app_name === appName).map((m) => m.module_name);
  if (modules.length === 0) return [];
  const q = db.dialect.quote;
  const rows = await db.all<{ name: string }>(
    `SELECT ${q('name')} FROM ${q(tableName('DocType'))} WHERE ${q('custom')} = 0 AND ${q('module')} IN (${modules.map(() => '?').join(', ')}) ORDER BY ${q('name')}`,
    modules,
  );
  return rows.map((r) => r.name);
}
