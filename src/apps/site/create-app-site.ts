// A new site as every command makes one: the core (createSite), then the built-in app `frappe` on top, as a
// Frappe site always has `frappe` installed.
import type { Bench } from '../../config/bench.ts';
import { coreControllers } from '../../core/controllers/index.ts';
import { SiteDatabases } from '../../db/index.ts';
import { MetaCache } from '../../model/meta/meta-cache.ts';
import { createSite, type NewSiteOptions } from '../../site/create-site.ts';
import { loadBuiltinApp } from '../builtin-app.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { installBuiltinApp } from './install-app.ts';

/**
 * Creates a site with the built-in app installed. `apps` are the process's loaded apps when it has them (the
 * built-in one is taken from there), else the built-in app is loaded. A failure after the core is in leaves a
 * site that `migrate` completes.
 *
 * @example await createAppSite(bench, { name: 'erp.local', dbType: 'sqlite', adminPassword: 'x' });
 */
export async function createAppSite(
  bench: Bench,
  options: NewSiteOptions & { apps?: readonly LoadedApp[] | undefined },
): Promise<void> {
  await createSite(bench, options);
  const apps = options.apps ?? [await loadBuiltinApp()];
  const databases = new SiteDatabases(bench);
  try {
    await installBuiltinApp({
      bench,
      site: options.name,
      db: databases.get(options.name),
      metas: new MetaCache({ site: options.name }),
      controllers: coreControllers(),
      apps,
      onProgress: options.onProgress,
    });
  } finally {
    await databases.closeAll();
  }
}
