// Cortado's built-in app, `frappe` (apps/frappe in the package): the features Frappe ships in its own app,
// built through the public app API. Every process loads it before the bench's apps and every site has it
// installed, as every Frappe site has `frappe`.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreAppName } from './app-names.ts';
import { loadApp } from './load-app.ts';
import type { LoadedApp } from './loaded-app.ts';

/** The built-in app's folder: `apps/frappe` of the Cortado package (from `src/apps/` or `dist/apps/`). */
export const builtinAppPath = fileURLToPath(new URL(`../../apps/${coreAppName}`, import.meta.url));

/**
 * Loads and checks the built-in app.
 *
 * @example const frappe = await loadBuiltinApp();
 */
export function loadBuiltinApp(options: { generation?: number } = {}): Promise<LoadedApp> {
  return loadApp(builtinAppPath, {
    appsPath: dirname(builtinAppPath),
    generation: options.generation,
    builtin: true,
  });
}
