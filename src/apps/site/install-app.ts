import {
  coreAppName,
  readInstalledApps,
  recordInstalledApp,
  recordModuleDefs,
} from '../../core/apps/index.ts';
import { backupSite } from '../../site/backup/index.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { syncAppDocTypes } from './app-doctypes.ts';
import { runLifecycleHook } from './app-hooks.ts';
import { markPatchesRun } from './app-patches.ts';
import { syncSiteJobTypes } from './app-scheduler-events.ts';
import { refuseForeignDocTypes } from './doctype-owners.ts';
import { importFixtures } from './import-fixtures.ts';
import { benchApp, type SiteAppsEnv } from './site-apps-env.ts';

/** Options of `installApp`. */
export interface InstallAppOptions {
  /** Install again over an installed app (DocTypes re-synced, fixtures re-imported, hooks run again). */
  force?: boolean | undefined;
}

/** What `installApp` did. */
export interface InstalledAppReport {
  /** The apps installed, required ones first. */
  installed: string[];
  /** The database backup taken before any change. */
  backup: string;
  changes: string[];
}

/**
 * Installs a bench app on the site (Frappe's `install_app`), after the apps it requires: refuses an app not in
 * the bench, one already installed (unless forced) and one whose DocTypes the site has from elsewhere; then
 * backs the site up, and runs `before_install`, creates its modules and DocTypes, registers its scheduler
 * events, imports its fixtures, records its patches as run and itself as installed, and runs `after_install`.
 *
 * @example await installApp(env, 'library_management');
 */
export async function installApp(
  env: SiteAppsEnv,
  name: string,
  options: InstallAppOptions = {},
): Promise<InstalledAppReport> {
  const installed = new Set((await readInstalledApps(env.db)).map((a) => a.app_name));
  if (installed.has(name) && !options.force)
    throw new Error(`app ${name} is already installed on ${env.site}`);
  const plan = installOrder(env, name, installed, options.force ? name : undefined);
  // Every refusal before the first change.
  for (const app of plan) await refuseForeignDocTypes(env.db, app);
  const backup = await backupSite(env.bench, env.site);
  const changes: string[] = [];
  for (const app of plan) {
    changes.push(...(await installOne(env, app, [...installed])));
    installed.add(app.name);
  }
  return { installed: plan.map((a) => a.name), backup: backup.database.path, changes };
}

/**
 * Installs the built-in app on a new site (no backup: there is nothing to lose yet): its DocTypes, fixtures and
 * hooks, its patches recorded as run. `createAppSite` calls it after the core schema.
 */
export async function installBuiltinApp(env: SiteAppsEnv): Promise<string[]> {
  return installOne(env, benchApp(env, coreAppName), []);
}

/** The app and the required apps not yet installed, each after those it needs. */
function installOrder(
  env: SiteAppsEnv,
  name: string,
  installed: ReadonlySet<string>,
  again?: string,
): LoadedApp[] {
  const order: LoadedApp[] = [];
  const visiting: string[] = [];
  const visit = (appName: string) => {
    if ((installed.has(appName) && appName !== again) || order.some((a) => a.name === appName)) return;
    if (visiting.includes(appName))
      throw new Error(`required_apps form a cycle: ${[...visiting, appName].join(' → ')}`);
    visiting.push(appName);
    const app = benchApp(env, appName);
    for (const required of app.definition.required_apps ?? []) visit(required);
    visiting.pop();
    order.push(app);
  };
  visit(name);
  return order;
}

async function installOne(env: SiteAppsEnv, app: LoadedApp, installedBefore: string[]): Promise<string[]> {
  const total = app.doctypes.length + 4;
  let done = 0;
  const step = (label: string) => env.onProgress?.(`${app.name}: ${label}`, ++done, total);
  await runLifecycleHook(env, app, 'before_install');
  step('before_install');
  await env.db.transaction((tx) => recordModuleDefs(tx, app.name, [...app.modules.keys()]));
  const { changes } = await syncAppDocTypes(env.db, app, (label) => step(label));
  // Fixtures and hooks read the new DocTypes: every process forgets the site's metas first.
  await env.metas.invalidate();
  const others = env.apps.filter((a) => installedBefore.includes(a.name) && a.name !== app.name);
  changes.push(...(await syncSiteJobTypes(env.bench, env.db, [...others, app])));
  step('scheduler events');
  const fixtures = await importFixtures(env, app);
  if (fixtures) changes.push(`import ${fixtures} fixture record${fixtures === 1 ? '' : 's'}`);
  step('fixtures');
  await env.db.transaction(async (tx) => {
    await markPatchesRun(tx, app);
    await recordInstalledApp(tx, { app_name: app.name, app_version: app.version, git_branch: '' });
  });
  await env.forgetInstalledApps?.(env.site);
  await runLifecycleHook(env, app, 'after_install');
  step('after_install');
  return changes;
}
