import {
  coreAppName,
  readInstalledApps,
  removeInstalledApp,
  removeModuleDefs,
  removePatchLog,
} from '../../core/apps/index.ts';
import { dropDocTypes, type LinkInto, linksInto } from '../../site/apps/index.ts';
import { backupSite } from '../../site/backup/index.ts';
import { runLifecycleHook } from './app-hooks.ts';
import { syncSiteJobTypes } from './app-scheduler-events.ts';
import { siteDocTypesOf } from './doctype-owners.ts';
import type { SiteAppsEnv } from './site-apps-env.ts';

/** Options of `uninstallApp`. */
export interface UninstallAppOptions {
  /** Uninstall even though other DocTypes' records link to the app's DocTypes (the links are left dangling). */
  force?: boolean | undefined;
  /** Say what would be removed, change nothing (Frappe's `--dry-run`). */
  dryRun?: boolean | undefined;
}

/** What `uninstallApp` removed (or, dry, would remove). */
export interface UninstallReport {
  app: string;
  doctypes: string[];
  /** Records of other DocTypes pointing at the removed DocTypes. */
  links: LinkInto[];
  /** The database backup taken before any change (none on a dry run). */
  backup: string | undefined;
  changes: string[];
}

/**
 * Removes an app from the site (Frappe's `remove_app`): refuses the core, an app not installed, one another
 * installed app requires, and (unless forced) one whose DocTypes other DocTypes' records link to. Then backs
 * the site up (always: an uninstall deletes data), runs `before_uninstall`, drops the app's DocTypes with their
 * data, its Module Defs, Patch Log rows, Scheduled Job Types and Installed Application row, and runs
 * `after_uninstall`. An app whose folder left the bench is removed too, without its hooks.
 *
 * @example await uninstallApp(env, 'library_management', { force: true });
 */
export async function uninstallApp(
  env: SiteAppsEnv,
  name: string,
  options: UninstallAppOptions = {},
): Promise<UninstallReport> {
  if (name === coreAppName) throw new Error(`${coreAppName} is the core: it cannot be uninstalled`);
  const installed = (await readInstalledApps(env.db)).map((a) => a.app_name);
  if (!installed.includes(name)) throw new Error(`app ${name} is not installed on ${env.site}`);
  const app = env.apps.find((a) => a.name === name);
  const dependent = env.apps.find(
    (a) => a.name !== name && installed.includes(a.name) && a.definition.required_apps?.includes(name),
  );
  if (dependent) throw new Error(`cannot uninstall ${name}: installed app ${dependent.name} requires it`);
  const doctypes = [
    ...new Set([...(await siteDocTypesOf(env.db, name)), ...(app?.doctypes.map((d) => d.meta.name) ?? [])]),
  ];
  const links = await linksInto(env.db, doctypes);
  if (links.length && !options.force && !options.dryRun) {
    const first = links[0]!;
    throw new Error(
      `cannot uninstall ${name}: ${first.doctype}.${first.fieldname} links to ${first.target} in ${first.records} record${first.records === 1 ? '' : 's'}${links.length > 1 ? ` (and ${links.length - 1} more field${links.length > 2 ? 's' : ''})` : ''}; pass --force to uninstall anyway`,
    );
  }
  if (options.dryRun) return { app: name, doctypes, links, backup: undefined, changes: [] };

  const backup = await backupSite(env.bench, env.site);
  if (app) await runLifecycleHook(env, app, 'before_uninstall');
  const changes = await env.db.transaction(async (tx) => {
    const out = await dropDocTypes(tx, doctypes);
    await removeModuleDefs(tx, name);
    const patches = await removePatchLog(tx, name);
    if (patches) out.push(`forget ${patches} patch${patches === 1 ? '' : 'es'}`);
    await removeInstalledApp(tx, name);
    return out;
  });
  const remaining = env.apps.filter((a) => a.name !== name && installed.includes(a.name));
  changes.push(...(await syncSiteJobTypes(env.bench, env.db, remaining)));
  await env.metas.invalidate();
  await env.forgetInstalledApps?.(env.site);
  if (app) await runLifecycleHook(env, app, 'after_uninstall');
  return { app: name, doctypes, links, backup: backup.database.path, changes };
}
