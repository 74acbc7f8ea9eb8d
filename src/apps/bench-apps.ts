// Which apps a bench has: `sites/apps.txt` (Frappe's list), each in `apps/<app>/`; the bench root is the
// parent of `sites/`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Bench } from '../config/bench.ts';
import { AppLoadError } from './app-load-error.ts';
import { assertAppName, coreAppName } from './app-names.ts';

/** The bench root: the folder holding `sites/` and `apps/`. */
export function benchRoot(bench: Bench): string {
  return dirname(bench.sitesPath);
}

/** The bench's `apps/` folder. */
export function benchAppsPath(bench: Bench): string {
  return join(benchRoot(bench), 'apps');
}

/** The file listing the bench's apps, one per line. */
export function appsTxtPath(bench: Bench): string {
  return join(bench.sitesPath, 'apps.txt');
}

/**
 * The bench's apps in apps.txt order, as folder paths (`frappe`, the core, is not a folder and is left out).
 * A line that is no app name, or an app whose folder is missing, is an AppLoadError.
 */
export function benchAppPaths(bench: Bench): string[] {
  const file = appsTxtPath(bench);
  if (!existsSync(file)) return [];
  const appsPath = benchAppsPath(bench);
  const names = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && line !== coreAppName);
  return [...new Set(names)].map((name) => {
    assertAppName(name, file, appsPath);
    const path = join(appsPath, name);
    if (!existsSync(path) || !statSync(path).isDirectory())
      throw new AppLoadError(name, file, `listed, but ${path} is not a folder`, appsPath);
    return path;
  });
}
