// The desk boot's `desk_scripts`: the built scripts of the apps installed on the page's site only, merged in
// install order, so an app's form script never runs on a site without the app.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BootHook } from '../../backend/pages/boot-hooks.ts';
import type { DeskScripts } from '../../backend/pages/desk-page.ts';
import { type AppDeskScripts, manifestName } from './desk-scripts.ts';

/** The apps installed on a site, in install order, `frappe` first (`InstalledApps.of`); frappe has no scripts. */
export type InstalledAppsOf = (site: string) => Promise<readonly string[]>;

const appNamePattern = /^[a-z][a-z0-9_]*$/;

/** Reads an app's manifest, again only when its file changed (one stat per app and page). */
function manifestReader(assetsPath: string): (app: string) => AppDeskScripts | undefined {
  const cache = new Map<string, { stamp: string; scripts: AppDeskScripts | undefined }>();
  return (app) => {
    if (!appNamePattern.test(app)) return undefined;
    const path = join(assetsPath, app, manifestName);
    const stat = statSync(path, { throwIfNoEntry: false });
    const stamp = stat ? `${stat.mtimeMs}:${stat.size}` : '';
    const cached = cache.get(app);
    if (cached?.stamp === stamp) return cached.scripts;
    let scripts: AppDeskScripts | undefined;
    try {
      scripts = stat ? (JSON.parse(readFileSync(path, 'utf8')) as AppDeskScripts) : undefined;
    } catch {
      scripts = undefined; // half-written: no scripts until the build finishes
    }
    cache.set(app, { stamp, scripts });
    return scripts;
  };
}

/** The union of `manifests`, in their order. */
export function mergeDeskScripts(manifests: readonly AppDeskScripts[]): DeskScripts {
  const out: DeskScripts = { app_include_js: [], doctype_js: {}, doctype_list_js: {} };
  for (const manifest of manifests) {
    out.app_include_js.push(...(manifest.app_include_js ?? []));
    for (const kind of ['doctype_js', 'doctype_list_js'] as const)
      for (const [doctype, urls] of Object.entries(manifest[kind] ?? {}))
        out[kind][doctype] = [...(out[kind][doctype] ?? []), ...urls];
  }
  return out;
}

/**
 * A boot hook setting `desk_scripts` from the manifests `buildAppAssets` wrote under `assetsPath`, for the apps
 * `installedApps` lists on the page's site.
 *
 * @example bootHooks.push(deskScriptsBoot(bench.assetsPath, (site) => installedApps.of(site)));
 */
export function deskScriptsBoot(assetsPath: string, installedApps: InstalledAppsOf): BootHook {
  const read = manifestReader(assetsPath);
  return async (boot, { site }) => {
    const manifests: AppDeskScripts[] = [];
    for (const app of await installedApps(site)) {
      const manifest = read(app);
      if (manifest) manifests.push(manifest);
    }
    boot.desk_scripts = mergeDeskScripts(manifests);
  };
}
