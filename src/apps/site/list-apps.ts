import { coreAppName, type InstalledApp, readInstalledApps } from '../../core/apps/index.ts';
import type { Queryable } from '../../db/database.ts';
import type { LoadedApp } from '../loaded-app.ts';

/** One line of `list-apps`: an app, its version, and (with a site) whether the site has it. */
export interface AppListing {
  app_name: string;
  app_version: string;
  git_branch: string;
}

/**
 * The bench's apps (Frappe's `bench list-apps` without a site): `frappe` first, at Cortado's version (the core
 * and the built-in app are one), then `sites/apps.txt` order.
 */
export function benchAppListing(apps: readonly LoadedApp[], coreVersion: string): AppListing[] {
  return [
    { app_name: coreAppName, app_version: coreVersion, git_branch: '' },
    ...apps
      .filter((app) => app.name !== coreAppName)
      .map((app) => ({ app_name: app.name, app_version: app.version, git_branch: '' })),
  ];
}

/** The site's installed apps with the versions they were installed or last migrated at. */
export function siteAppListing(db: Queryable): Promise<InstalledApp[]> {
  return readInstalledApps(db);
}

/** `list-apps` output: `name version` per line, columns aligned. */
export function formatAppListing(apps: readonly AppListing[]): string {
  const width = Math.max(0, ...apps.map((a) => a.app_name.length));
  return apps
    .map((a) => `${a.app_name.padEnd(width)} ${a.app_version}${a.git_branch ? ` (${a.git_branch})` : ''}`)
    .join('\n');
}
