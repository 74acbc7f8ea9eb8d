import type { Queryable } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';
import installedApplication from '../doctypes/installed_application.json' with { type: 'json' };
import { insertCoreRow } from './record-row.ts';

/** Cortado's own core, recorded as Frappe records itself: the app `frappe`, always installed, always first. */
export const coreAppName = 'frappe';

/** A row of Installed Applications (Frappe's `Installed Application`). */
export interface InstalledApp {
  app_name: string;
  app_version: string;
  git_branch: string;
}

const parent = 'Installed Applications';
const parentfield = 'installed_applications';

/**
 * The site's installed apps in install order (Frappe's `get_installed_apps`, with versions): the rows of the
 * Installed Applications single, the one record of them. `frappe` comes first.
 */
export async function readInstalledApps(db: Queryable): Promise<InstalledApp[]> {
  const q = db.dialect.quote;
  const rows = await db.all<{ app_name: string; app_version: string | null; git_branch: string | null }>(
    `SELECT ${q('app_name')}, ${q('app_version')}, ${q('git_branch')} FROM ${q(tableName('Installed Application'))}
      WHERE ${q('parent')} = ? AND ${q('parentfield')} = ? ORDER BY ${q('idx')}, ${q('creation')}`,
    [parent, parentfield],
  );
  const apps = rows.map((r) => ({
    app_name: r.app_name,
    app_version: r.app_version ?? '',
    git_branch: r.git_branch ?? '',
  }));
  return [
    ...apps.filter((a) => a.app_name === coreAppName),
    ...apps.filter((a) => a.app_name !== coreAppName),
  ];
}

/**
 * Records an installed app after the others, or updates the version of one already recorded (migrate after
 * an app's upgrade). `frappe` goes first whatever is recorded already.
 */
export async function recordInstalledApp(db: Queryable, app: InstalledApp): Promise<void> {
  const q = db.dialect.quote;
  const t = q(tableName('Installed Application'));
  const existing = await db.one<{ name: string; app_version: string | null; git_branch: string | null }>(
    `SELECT ${q('name')}, ${q('app_version')}, ${q('git_branch')} FROM ${t} WHERE ${q('parent')} = ? AND ${q('app_name')} = ?`,
    [parent, app.app_name],
  );
  if (existing) {
    if ((existing.app_version ?? '') !== app.app_version || (existing.git_branch ?? '') !== app.git_branch)
      await db.run(`UPDATE ${t} SET ${q('app_version')} = ?, ${q('git_branch')} = ? WHERE ${q('name')} = ?`, [
        app.app_version,
        app.git_branch,
        existing.name,
      ]);
    return;
  }
  const last = await db.one<{ n: unknown }>(
    `SELECT MAX(${q('idx')}) AS ${q('n')} FROM ${t} WHERE ${q('parent')} = ?`,
    [parent],
  );
  let idx = Number(last?.n ?? 0) + 1;
  if (app.app_name === coreAppName) {
    await db.run(`UPDATE ${t} SET ${q('idx')} = ${q('idx')} + 1 WHERE ${q('parent')} = ?`, [parent]);
    idx = 1;
  }
  await insertCoreRow(db, installedApplication, { ...app, idx, parent, parenttype: parent, parentfield });
}

/** Forgets an installed app's record (uninstall). */
export async function removeInstalledApp(db: Queryable, appName: string): Promise<void> {
  const q = db.dialect.quote;
  await db.run(
    `DELETE FROM ${q(tableName('Installed Application'))} WHERE ${q('parent')} = ? AND ${q('app_name')} = ?`,
    [parent, appName],
  );
}
