// The DocTypes an app ships: `<module folder>/doctype/<folder>/<folder>.json`, with the controller module
// `<folder>.ts` beside it (its default export).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readAppDocType } from './app-doctype-json.ts';
import { AppLoadError } from './app-load-error.ts';
import type { AppLocation, AppModules } from './app-modules.ts';
import { Document } from './document.ts';
import type { AppDocType } from './loaded-app.ts';

/** Finds, reads and checks every DocType of the app's modules; the first problem is an AppLoadError. */
export function appDocTypes(
  location: AppLocation,
  modules: ReadonlyMap<string, string>,
  imported: AppModules,
): AppDocType[] {
  const out: AppDocType[] = [];
  for (const moduleFolder of new Set(modules.values())) {
    const doctypeRoot = join(location.packagePath, moduleFolder, 'doctype');
    if (!existsSync(doctypeRoot)) continue;
    const folders = readdirSync(doctypeRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.startsWith('__'))
      .map((entry) => entry.name)
      .sort();
    for (const folder of folders) {
      const jsonPath = join(doctypeRoot, folder, `${folder}.json`);
      if (!existsSync(jsonPath)) continue; // a folder without its JSON holds no DocType (Frappe skips it too)
      let meta: AppDocType['meta'];
      try {
        meta = readAppDocType(jsonPath, modules);
      } catch (error) {
        throw new AppLoadError(location.name, jsonPath, (error as Error).message, location.appsPath);
      }
      const controllerFile = join(doctypeRoot, folder, `${folder}.ts`);
      const controllerPath = existsSync(controllerFile) ? controllerFile : undefined;
      const controller =
        controllerPath === undefined ? undefined : imported.byFile.get(controllerPath)?.default;
      // A virtual DocType's controller has its own shape (its data source); any other extends Document.
      const valid =
        typeof controller === 'function' &&
        (meta.is_virtual === 1 || controller.prototype instanceof Document);
      if (controllerPath !== undefined && !valid)
        throw new AppLoadError(
          location.name,
          controllerPath,
          `the controller of ${meta.name} must default-export a class extending Document`,
          location.appsPath,
        );
      out.push({ meta, jsonPath, controllerPath, controller });
    }
  }
  return out;
}
