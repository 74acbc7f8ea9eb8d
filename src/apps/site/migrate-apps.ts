import { readInstalledApps, recordInstalledApp, recordModuleDefs } from '../../core/apps/index.ts';
import { migrateSite } from '../../site/migrate-site.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { syncAppDocTypes } from './app-doctypes.ts';
import { runLifecycleHook } from './app-hooks.ts';
import { runPendingPatches } from './app-patches.ts';
import { syncSiteJobTypes } from './app-scheduler-events.ts';
import { importFixtures } from './import-fixtures.ts';
import type { SiteAppsEnv } from './site-apps-env.ts';

/**
 * Brings a site up to its installed apps' code (Frappe's `migrate`), in Frappe's order: the core schema, then
 * for the installed apps in install order: `before_migrate` hooks, `pre_model_sync` patches, DocTypes synced
 * from their JSON, `post_model_sync` patches (each patch once, recorded in Patch Log), scheduler events,
 * fixtures, the recorded versions, `after_migrate` hooks. An installed app missing from the bench stops it
 * before any change; a failing patch stops it naming the patch, with the patches after it left for next time.
 *
 * @returns one line per change
 */
export async function migrateApps(env: SiteAppsEnv): Promise<string[]> {
  const apps = await installedBenchApps(env);
  const changes = await migrateSite(env.db, env.onProgress);
  for (const app of apps) await runLifecycleHook(env, app, 'before_migrate');
  for (const app of apps) changes.push(...ran(await runPendingPatches(env, app, 'pre_model_sync')));
  const changed: string[] = [];
  for (const app of apps) {
    await env.db.transaction((tx) => recordModuleDefs(tx, app.name, [...app.modules.keys()]));
    const synced = await syncAppDocTypes(env.db, app, (label, done, total) =>
      env.onProgress?.(`${app.name}: ${label}`, done, total),
    );
    changes.push(...synced.changes);
    changed.push(...synced.changed);
  }
  // Patches and fixtures read the synced DocTypes.
  if (changed.length) await env.metas.invalidate();
  for (const app of apps) changes.push(...ran(await runPendingPatches(env, app, 'post_model_sync')));
  changes.push(...(await syncSiteJobTypes(env.bench, env.db, apps)));
  for (const app of apps) {
    const n = await importFixtures(env, app);
    if (n) changes.push(`${app.name}: import ${n} fixture record${n === 1 ? '' : 's'}`);
  }
  await env.db.transaction(async (tx) => {
    for (const app of apps)
      await recordInstalledApp(tx, { app_name: app.name, app_version: app.version, git_branch: '' });
  });
  await env.forgetInstalledApps?.(env.site);
  for (const app of apps) await runLifecycleHook(env, app, 'after_migrate');
  return changes;
}

/**
 * The site's installed apps as the bench has them, in install order (`frappe`, the built-in app, first); one
 * missing from the bench stops migrate.
 */
async function installedBenchApps(env: SiteAppsEnv): Promise<LoadedApp[]> {
  const installed = await readInstalledApps(env.db);
  return installed.map(({ app_name }) => {
    const app = env.apps.find((a) => a.name === app_name);
    if (!app)
      throw new Error(
        `app ${app_name} is installed on ${env.site} but not in this bench: get it back, or uninstall it from the site`,
      );
    return app;
  });
}

function ran(patches: string[]): string[] {
  return patches.map((p) => `run patch ${p}`);
}
