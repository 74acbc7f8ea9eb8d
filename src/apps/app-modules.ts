// The app's code: every module under `apps/<app>/<app>/` imported eagerly at start-up (a broken one fails
// start-up, not the first request that needs it), and every exported function mapped to its dotted path.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppLoadError } from './app-load-error.ts';
import { generationParam, installAppModuleHooks } from './module-hooks.ts';

/** Folders never imported: tests, desk scripts, dependencies. */
const skippedFolders = new Set(['tests', 'test', 'public', 'node_modules']);

/** What importing an app's modules gives. */
export interface AppModules {
  /** Module namespace by absolute file path. */
  byFile: ReadonlyMap<string, Record<string, unknown>>;
  /** Exported function by dotted path (`<app>.<folders>.<file>.<export>`). */
  functions: ReadonlyMap<string, (...args: never[]) => unknown>;
  /** Dotted path of each exported function (the first path found when a module re-exports it). */
  paths: ReadonlyMap<unknown, string>;
}

/** Where an app's files are, and which generation of its modules to import. */
export interface AppLocation {
  name: string;
  /** `apps/<app>`. */
  path: string;
  /** `apps/<app>/<app>`. */
  packagePath: string;
  /** The bench's apps folder (errors name files relative to it). */
  appsPath: string;
  /** 0 for the first load; a reload imports fresh module instances under a new generation. */
  generation: number;
}

/** The module files of an app, sorted: `.ts` files outside tests and public/, test and declaration files left out. */
export function appModuleFiles(packagePath: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name) && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && isModuleFile(entry.name)) files.push(full);
    }
  };
  walk(packagePath);
  return files;
}

function isModuleFile(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');
}

/** The dotted module path of a file: its path relative to `apps/<app>/` without `.ts`, dots for slashes. */
export function modulePath(location: AppLocation, file: string): string {
  return relative(location.path, file).slice(0, -'.ts'.length).split(sep).join('.');
}

/** Imports one module of the app (its generation's instance); a failure is an AppLoadError naming the file. */
export async function importAppModule(location: AppLocation, file: string): Promise<Record<string, unknown>> {
  installAppModuleHooks();
  const url = pathToFileURL(file);
  if (location.generation > 0) url.searchParams.set(generationParam, String(location.generation));
  try {
    return (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new AppLoadError(location.name, file, message, location.appsPath);
  }
}

/** Imports every module of the app and maps its exported functions to dotted paths. */
export async function importAppModules(location: AppLocation): Promise<AppModules> {
  const byFile = new Map<string, Record<string, unknown>>();
  const functions = new Map<string, (...args: never[]) => unknown>();
  const paths = new Map<unknown, string>();
  for (const file of appModuleFiles(location.packagePath)) {
    const namespace = await importAppModule(location, file);
    byFile.set(file, namespace);
    const prefix = modulePath(location, file);
    for (const [name, value] of Object.entries(namespace)) {
      if (name === 'default' || typeof value !== 'function') continue;
      const path = `${prefix}.${name}`;
      functions.set(path, value as (...args: never[]) => unknown);
      if (!paths.has(value)) paths.set(value, path);
    }
  }
  return { byFile, functions, paths };
}
