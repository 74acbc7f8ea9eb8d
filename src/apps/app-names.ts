// What an app's name may be: a folder under apps/, a package folder inside it and the first part of dotted
// paths, so a plain identifier (Frappe's app names are Python package names).
import { builtinModules } from 'node:module';
import { coreAppName } from '../core/apps/index.ts';
import { AppLoadError } from './app-load-error.ts';

export { coreAppName };

const appName = /^[a-z][a-z0-9_]{0,63}$/;
/** Names the bench itself uses: the core counts as `frappe`, `apps/node_modules` holds the bench's links. */
const reserved = new Set([coreAppName, 'cortado', 'node_modules']);

/** Why `name` cannot be an app's name, or undefined when it can. */
export function appNameProblem(name: string): string | undefined {
  if (!appName.test(name))
    return `invalid app name ${JSON.stringify(name)}: use lowercase letters, digits and underscores, starting with a letter (at most 64)`;
  if (reserved.has(name) || builtinModules.includes(name))
    return `invalid app name ${JSON.stringify(name)}: the name is reserved`;
  return undefined;
}

/** Whether `name` can be an app's name. */
export function isAppName(name: string): boolean {
  return appNameProblem(name) === undefined;
}

/** Throws an AppLoadError unless `name` can be an app's name. */
export function assertAppName(name: string, file: string, appsPath: string): string {
  const problem = appNameProblem(name);
  if (problem) throw new AppLoadError(name, file, problem, appsPath);
  return name;
}
