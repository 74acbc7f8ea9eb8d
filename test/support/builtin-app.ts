// The built-in app `frappe` on a test site, as every real site has it: installed (its DocTypes synced) and
// wired into the registries a test backend is built with, the way createRuntime wires it in production.
import { dirname } from 'node:path';
import { builtinAppPath, loadBuiltinApp } from '../../src/apps/builtin-app.ts';
import { InstalledApps, readInstalledAppNames } from '../../src/apps/installed-apps.ts';
import type { LoadedApp } from '../../src/apps/loaded-app.ts';
import { installBuiltinApp } from '../../src/apps/site/install-app.ts';
import { wireApps } from '../../src/apps/wire-apps.ts';
import { createModelServices, type ModelServices } from '../../src/backend/api/model-services.ts';
import { MethodRegistry } from '../../src/backend/methods.ts';
import type { BootHook } from '../../src/backend/pages/boot-hooks.ts';
import type { Bus } from '../../src/bus/bus.ts';
import type { Cache } from '../../src/cache/cache.ts';
import type { Bench } from '../../src/config/bench.ts';
import type { Database } from '../../src/db/database.ts';
import { JobRegistry } from '../../src/jobs/registry.ts';

let loaded: Promise<LoadedApp> | undefined;

/** The built-in app, loaded once per test process. */
export function builtinApp(): Promise<LoadedApp> {
  loaded ??= loadBuiltinApp();
  return loaded;
}

/** What a test backend is built with so that it serves the built-in app. */
export interface BuiltinAppWiring {
  model: ModelServices;
  methods: MethodRegistry;
  bootHooks: BootHook[];
}

/** Installs the built-in app on `site` and wires it into fresh registries (and into `methods` when given). */
export async function installAndWireBuiltinApp(options: {
  bench: Bench;
  site: string;
  db: Database;
  cache: Cache;
  bus: Bus;
  methods?: MethodRegistry | undefined;
}): Promise<BuiltinAppWiring> {
  const { bench, site, db, cache, bus } = options;
  const app = await builtinApp();
  const model = createModelServices({ cache, bus, bench, pathOf: (fn) => app.pathOf(fn) });
  const metas = model.metas.forSite(site);
  await installBuiltinApp({ bench, site, db, metas, controllers: model.controllers, apps: [app], model });
  const methods = options.methods ?? new MethodRegistry();
  const bootHooks: BootHook[] = [];
  const installed = new InstalledApps({ cache, bus, read: () => readInstalledAppNames(db) });
  wireApps(
    [app],
    {
      controllers: model.controllers,
      virtualDocTypes: model.virtualDocTypes,
      methods,
      jobs: new JobRegistry(),
      model: () => model,
      installed,
      bootHooks,
    },
    dirname(builtinAppPath),
  );
  return { model, methods, bootHooks };
}
