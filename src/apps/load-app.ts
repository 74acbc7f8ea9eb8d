// One app folder → a LoadedApp: package.json, hooks.ts, every module imported, DocTypes, patches, fixtures, and
// every hook checked. Nothing is written anywhere: a broken app fails here, before start-up or migrate change
// anything, with one line naming the app and the file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { scrub } from '../model/meta/scrub.ts';
import { appDocTypes } from './app-doctypes.ts';
import { appFixtures } from './app-fixtures.ts';
import { checkHooks } from './app-hooks.ts';
import { AppLoadError } from './app-load-error.ts';
import { type AppLocation, importAppModule, importAppModules } from './app-modules.ts';
import { assertAppName } from './app-names.ts';
import { appPatches } from './app-patches.ts';
import type { AppDefinition } from './define-app.ts';
import type { LoadedApp } from './loaded-app.ts';

/** How to load an app. */
export interface LoadAppOptions {
  /** The bench's apps folder, errors name files relative to it (default: the app folder's parent). */
  appsPath?: string | undefined;
  /** 0 (default) for the first load; a developer-mode reload passes a new number to get fresh modules. */
  generation?: number | undefined;
  /** The built-in app (`frappe`, shipped with Cortado): its name is the one a bench app may not take. */
  builtin?: boolean | undefined;
}

/**
 * Loads and checks the app in `path` (`apps/<app>`).
 *
 * @example const app = await loadApp('/bench/apps/library_management');
 */
export async function loadApp(path: string, options: LoadAppOptions = {}): Promise<LoadedApp> {
  const appsPath = options.appsPath ?? dirname(path);
  const name = basename(path);
  const fail = (file: string, problem: string) => new AppLoadError(name, file, problem, appsPath);
  if (!options.builtin) assertAppName(name, path, appsPath);
  const version = packageVersion(path, name, fail);
  const packagePath = join(path, name);
  const hooksFile = join(packagePath, 'hooks.ts');
  if (!existsSync(hooksFile)) throw fail(hooksFile, 'missing: an app declares itself in hooks.ts');
  const location: AppLocation = { name, path, packagePath, appsPath, generation: options.generation ?? 0 };

  const definition = (await importAppModule(location, hooksFile)).default as AppDefinition | undefined;
  if (!definition || typeof definition !== 'object')
    throw fail(hooksFile, 'must default-export defineApp({...})');
  if (definition.name !== name)
    throw fail(hooksFile, `name is ${JSON.stringify(definition.name)}, the folder ${name}`);
  const modules = moduleFolders(definition, packagePath, (problem) => fail(hooksFile, problem));

  const imported = await importAppModules(location);
  const pathOf = (fn: unknown) => imported.paths.get(fn);
  const lookup = { name, functions: imported.functions, pathOf };
  checkHooks(lookup, definition, hooksFile, appsPath);
  return {
    name,
    version,
    path,
    packagePath,
    definition,
    modules,
    doctypes: appDocTypes(location, modules, imported),
    patches: appPatches(location, imported),
    fixtures: appFixtures(location, definition),
    functions: imported.functions,
    pathOf,
  };
}

function packageVersion(path: string, name: string, fail: (file: string, problem: string) => Error): string {
  const file = join(path, 'package.json');
  let pkg: { name?: unknown; version?: unknown; type?: unknown };
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw fail(file, existsSync(file) ? `invalid JSON: ${(error as Error).message}` : 'missing');
  }
  if (pkg.name !== name) throw fail(file, `name must be ${name} (the app's folder)`);
  if (pkg.type !== 'module') throw fail(file, 'type must be "module" (app code is ES modules)');
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** Module name → folder (scrubbed name); every module needs its folder. */
function moduleFolders(
  definition: AppDefinition,
  packagePath: string,
  fail: (problem: string) => Error,
): Map<string, string> {
  if (!Array.isArray(definition.modules) || definition.modules.length === 0)
    throw fail('modules must list at least one module');
  const modules = new Map<string, string>();
  for (const module of definition.modules) {
    if (typeof module !== 'string' || !/^[A-Za-z][A-Za-z0-9 _-]*$/.test(module))
      throw fail(`invalid module name ${JSON.stringify(module)}`);
    const folder = scrub(module);
    const full = join(packagePath, folder);
    if (!existsSync(full) || !statSync(full).isDirectory())
      throw fail(`module ${module} has no folder ${folder}/`);
    modules.set(module, folder);
  }
  return modules;
}
