// `<app>/patches.txt` in Frappe's format: optional `[pre_model_sync]` / `[post_model_sync]` sections (a file
// without sections is all pre-model-sync, as in Frappe), one dotted module path per line, `#` comments. A line
// may end in a comment that makes it a new patch (`app.patches.fix #2`); the whole line is what Patch Log records.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppLoadError } from './app-load-error.ts';
import type { AppLocation, AppModules } from './app-modules.ts';
import type { AppPatch } from './loaded-app.ts';

const sections = new Set(['pre_model_sync', 'post_model_sync']);
const dottedPath = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/;

/** The patches of the app, in file order, each resolved to its module's default export. */
export function appPatches(location: AppLocation, imported: AppModules): AppPatch[] {
  const file = join(location.packagePath, 'patches.txt');
  if (!existsSync(file)) return [];
  const fail = (problem: string) => new AppLoadError(location.name, file, problem, location.appsPath);
  const patches: AppPatch[] = [];
  let section: AppPatch['section'] = 'pre_model_sync';
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const line = text.trim();
      if (line === '' || line.startsWith('#')) return;
      const header = /^\[(.*)\]$/.exec(line);
      if (header) {
        if (!sections.has(header[1]!)) throw fail(`line ${index + 1}: unknown section ${line}`);
        section = header[1] as AppPatch['section'];
        return;
      }
      const modulePath = line.split(/\s+#|\s/)[0]!;
      if (!dottedPath.test(modulePath) || !modulePath.startsWith(`${location.name}.`))
        throw fail(`line ${index + 1}: ${JSON.stringify(line)} is not a module path of ${location.name}`);
      const moduleFile = join(location.path, ...modulePath.split('.')) + '.ts';
      const execute = imported.byFile.get(moduleFile)?.default;
      if (typeof execute !== 'function')
        throw fail(`line ${index + 1}: ${modulePath} has no module default-exporting execute(ctx)`);
      patches.push({ path: line, section, execute: execute as AppPatch['execute'] });
    });
  return patches;
}
