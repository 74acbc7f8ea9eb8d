import type { FunctionRef } from '../define-app.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { asAdministrator, type SiteAppsEnv } from './site-apps-env.ts';

/** The install-time hooks of hooks.ts (Frappe's names), each called with the app API as Administrator. */
export type LifecycleHook =
  | 'before_install'
  | 'after_install'
  | 'before_uninstall'
  | 'after_uninstall'
  | 'before_migrate'
  | 'after_migrate';

/** The function a hook names: the function itself, or the one the app exports under that dotted path. */
export function resolveFunction(
  app: LoadedApp,
  ref: FunctionRef,
  hook: string,
): (...args: never[]) => unknown {
  if (typeof ref === 'function') return ref;
  const fn = app.functions.get(ref);
  if (!fn) throw new Error(`app ${app.name}: hook ${hook} names ${ref}, which no module of the app exports`);
  return fn;
}

/** Runs an app's lifecycle hook, if it has one, in its own transaction; its error stops the command. */
export async function runLifecycleHook(env: SiteAppsEnv, app: LoadedApp, hook: LifecycleHook): Promise<void> {
  const ref = app.definition[hook];
  if (!ref) return;
  const fn = resolveFunction(app, ref, hook) as (ctx: unknown) => unknown;
  try {
    await asAdministrator(env, async (actx) => {
      await fn(actx);
    });
  } catch (error) {
    throw new Error(`app ${app.name}: ${hook} failed: ${(error as Error).message}`);
  }
}
