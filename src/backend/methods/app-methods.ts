// What the desk asks about a site's apps (Frappe's `frappe/utils/change_log.py`).
import { readInstalledApps } from '../../core/apps/index.ts';
import type { MethodRegistry } from '../methods.ts';

/**
 * Registers `frappe.utils.change_log.get_versions` (any logged-in user, as in Frappe): the site's installed apps
 * in install order, each `{title, description, branch, version}`. Titles are the app names: the site records
 * apps, not their hooks.
 */
export function registerAppMethods(registry: MethodRegistry): void {
  registry.whitelist('frappe.utils.change_log.get_versions', {}, async (ctx) => {
    const out: Record<string, { title: string; description: string; branch: string; version: string }> = {};
    for (const app of await readInstalledApps(ctx.db))
      out[app.app_name] = {
        title: app.app_name,
        description: '',
        branch: app.git_branch,
        version: app.app_version,
      };
    return out;
  });
}
