import pkg from '../../../package.json' with { type: 'json' };
import type { Queryable } from '../../db/database.ts';
import type { DocTypeMeta } from '../../db/meta.ts';
import { coreAppName, recordInstalledApp } from './installed-apps.ts';
import { recordMissingModules, recordModuleDefs } from './module-defs.ts';

/** Modules of the core besides its DocTypes' own: `Custom` holds a site's customisations, as in Frappe. */
const coreModules = ['Core', 'Desk', 'Custom'];

/**
 * Records Cortado's core as the app `frappe` on the site: the first Installed Application (with Cortado's
 * version) and the owner of the core modules; the modules of DocTypes stored before Module Defs existed
 * become custom modules. Idempotent; install and migrate both run it.
 */
export async function recordCoreApp(db: Queryable, coreDocTypes: readonly DocTypeMeta[]): Promise<void> {
  const modules = [
    ...new Set([...coreModules, ...coreDocTypes.map((meta) => String(meta.module ?? 'Core'))]),
  ];
  await recordModuleDefs(db, coreAppName, modules);
  await recordInstalledApp(db, { app_name: coreAppName, app_version: pkg.version, git_branch: '' });
  await recordMissingModules(db);
}
