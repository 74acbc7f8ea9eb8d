import pkg from '../../../package.json' with { type: 'json' };
import type { Queryable } from '../../db/database.ts';
import type { DocTypeMeta } from '../../db/meta.ts';
import { coreAppName, recordInstalledApp } from './installed-apps.ts';
import { recordModuleDefs } from './module-defs.ts';

/**
 * Records Cortado's core as the app `frappe` on the site: the first Installed Application (with Cortado's
 * version) and the owner of the core DocTypes' modules. Idempotent; install and migrate both run it.
 */
export async function recordCoreApp(db: Queryable, coreDocTypes: readonly DocTypeMeta[]): Promise<void> {
  const modules = [...new Set(coreDocTypes.map((meta) => String(meta.module ?? 'Core')))];
  await recordModuleDefs(db, coreAppName, modules);
  await recordInstalledApp(db, { app_name: coreAppName, app_version: pkg.version, git_branch: '' });
}
