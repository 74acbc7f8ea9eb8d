// Every app of a bench: the built-in app first, then the bench's in apps.txt order, with the checks that span
// apps: no DocType defined twice (by two apps, or by an app and Cortado's core).
import type { Bench } from '../config/bench.ts';
import { coreDocTypes } from '../core/doctypes/index.ts';
import { AppLoadError } from './app-load-error.ts';
import { benchAppPaths, benchAppsPath } from './bench-apps.ts';
import { loadBuiltinApp } from './builtin-app.ts';
import { loadApp } from './load-app.ts';
import type { LoadedApp } from './loaded-app.ts';

/**
 * Loads the built-in app and the bench's apps (sites/apps.txt); the first broken one is an AppLoadError, before
 * anything changes.
 *
 * @example const apps = await loadApps(bench); // [frappe] on a bench without apps
 */
export async function loadApps(bench: Bench, options: { generation?: number } = {}): Promise<LoadedApp[]> {
  const appsPath = benchAppsPath(bench);
  const apps: LoadedApp[] = [await loadBuiltinApp(options)];
  for (const path of benchAppPaths(bench))
    apps.push(await loadApp(path, { appsPath, generation: options.generation }));
  assertDistinctDocTypes(apps, appsPath);
  return apps;
}

/** Throws an AppLoadError naming the second definition of a DocType already defined by core or another app. */
export function assertDistinctDocTypes(apps: readonly LoadedApp[], appsPath: string): void {
  const owner = new Map<string, string>(coreDocTypes.map((meta) => [meta.name, 'frappe']));
  for (const app of apps) {
    for (const doctype of app.doctypes) {
      const first = owner.get(doctype.meta.name);
      if (first !== undefined)
        throw new AppLoadError(
          app.name,
          doctype.jsonPath,
          `DocType ${doctype.meta.name} is already defined by ${first}`,
          appsPath,
        );
      owner.set(doctype.meta.name, app.name);
    }
  }
}
