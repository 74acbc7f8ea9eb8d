// Apps' `boot_session` hooks as one backend boot hook: each installed app's function adds to the desk's boot
// data of the session, given the request's AppContext.
import { docContextOf } from '../backend/api/doc-context.ts';
import type { ModelServices } from '../backend/api/model-services.ts';
import type { BootHook } from '../backend/pages/boot-hooks.ts';
import type { AppContext } from './app-context.ts';
import { appContextOf } from './app-context-of.ts';
import { resolveRef } from './app-hooks.ts';
import type { InstalledApps } from './installed-apps.ts';
import type { LoadedApp } from './loaded-app.ts';

type BootSession = (bootinfo: Record<string, unknown>, ctx: AppContext) => unknown;

/** The boot hook running the apps' `boot_session` functions in app order, on sites with each app. */
export function bootSessionHook(
  apps: readonly LoadedApp[],
  installed: InstalledApps,
  model: () => ModelServices,
): BootHook | undefined {
  const hooks = apps.flatMap((app) =>
    app.definition.boot_session === undefined
      ? []
      : [
          {
            app: app.name,
            fn: resolveRef(app, app.definition.boot_session, 'boot_session').fn as BootSession,
          },
        ],
  );
  if (hooks.length === 0) return undefined;
  return async (boot, ctx) => {
    const installedHere = await installed.of(ctx.site);
    for (const { app, fn } of hooks) {
      if (installedHere.includes(app)) await fn(boot, appContextOf(docContextOf(ctx, model())));
    }
  };
}
