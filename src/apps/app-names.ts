// What an app's name may be: a folder under apps/, a package folder inside it and the first part of dotted
// paths, so a plain identifier (Frappe's app names are Python package names).
import { AppLoadError } from './app-load-error.ts';

const appName = /^[a-z][a-z0-9_]{0,63}$/;

/** Cortado's own core counts as the app `frappe`: always installed, first in every list. */
export const coreAppName = 'frappe';

/** Whether `name` can be an app's name. */
export function isAppName(name: string): boolean {
  return appName.test(name) && name !== coreAppName;
}

/** Throws an AppLoadError unless `name` can be an app's name. */
export function assertAppName(name: string, file: string, appsPath: string): string {
  if (!isAppName(name))
    throw new AppLoadError(
      name,
      file,
      `invalid app name ${JSON.stringify(name)} (lowercase letters, digits, _)`,
      appsPath,
    );
  return name;
}
