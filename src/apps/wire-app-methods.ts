// An app's whitelisted functions (exports marked by `whitelist()`) at `/api/method/<dotted path>`, and its
// `override_whitelisted_methods`, in the process's MethodRegistry, answering on sites with the app.
import type { ModelServices } from '../backend/api/model-services.ts';
import type { MethodRegistry } from '../backend/methods.ts';
import { resolveRef } from './app-hooks.ts';
import { registerAppMethod, registerAppOverride } from './app-method.ts';
import type { InstalledApps } from './installed-apps.ts';
import type { LoadedApp } from './loaded-app.ts';
import { whitelistOptionsOf } from './whitelist.ts';

/** Registers the app's whitelisted functions and method overrides. */
export function wireAppMethods(
  methods: MethodRegistry,
  app: LoadedApp,
  installed: InstalledApps,
  model: ModelServices,
): void {
  const isInstalled = (site: string) => installed.has(site, app.name);
  for (const [path, fn] of app.functions) {
    if (whitelistOptionsOf(fn) && app.pathOf(fn) === path)
      registerAppMethod(methods, path, fn, app.name, isInstalled, model);
  }
  for (const [name, ref] of Object.entries(app.definition.override_whitelisted_methods ?? {})) {
    const { fn } = resolveRef(app, ref, `override_whitelisted_methods.${name}`);
    registerAppOverride(methods, name, fn, app.name, isInstalled, model);
  }
}
