import { siteFieldCipher } from '../../auth/field-encryption.ts';
import type { ModelServices } from '../../backend/api/model-services.ts';
import type { Bench } from '../../config/bench.ts';
import type { Database } from '../../db/database.ts';
import { createDocContext, type DocContext } from '../../model/context.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { MetaCache } from '../../model/meta/meta-cache.ts';
import type { AppContext } from '../app-context.ts';
import { appContextOf } from '../app-context-of.ts';
import { docContextFor } from '../doc-context-for.ts';
import type { LoadedApp } from '../loaded-app.ts';

/** Reports a long step: what was just done, how many are done, of how many. */
export type AppsProgress = (step: string, done: number, total: number) => void;

/** What installing, removing and migrating apps on one site works with. */
export interface SiteAppsEnv {
  bench: Bench;
  site: string;
  db: Database;
  /** The site's meta cache: every DocType an app adds, changes or drops is invalidated through it. */
  metas: MetaCache;
  controllers: ControllerRegistry;
  /** The bench's apps, loaded: the built-in `frappe` first, then `sites/apps.txt`'s. */
  apps: readonly LoadedApp[];
  /** Has every process forget the site's installed apps (the runtime's cache of them). */
  forgetInstalledApps?: ((site: string) => Promise<void> | void) | undefined;
  /** The process's model services (a runtime's): hooks and patches then get its cache, queue and virtual DocTypes. */
  model?: ModelServices | undefined;
  onProgress?: AppsProgress | undefined;
}

/** A bench app by name, or a one-line error naming what the bench has. */
export function benchApp(env: SiteAppsEnv, name: string): LoadedApp {
  const app = env.apps.find((a) => a.name === name);
  if (!app) {
    const known = env.apps.map((a) => a.name).join(', ') || 'none';
    throw new Error(
      `app ${name} is not in this bench (apps: ${known}); get it with \`cortado get-app\` first`,
    );
  }
  return app;
}

/**
 * Runs `fn` as Administrator in one transaction of the site (as Frappe runs install hooks and patches), with
 * the document engine and the app API on it.
 */
export function asAdministrator<T>(
  env: SiteAppsEnv,
  fn: (actx: AppContext, dctx: DocContext) => Promise<T>,
): Promise<T> {
  return env.db.transaction(async (tx) => {
    if (env.model) {
      const dctx = await docContextFor(env.model, { site: env.site, db: tx, user: 'Administrator' });
      return fn(appContextOf(dctx), dctx);
    }
    const dctx = createDocContext({
      site: env.site,
      db: tx,
      user: 'Administrator',
      metas: env.metas,
      controllers: env.controllers,
      ...siteFieldCipher(env.bench, env.site),
    });
    return fn(appContextOf(dctx), dctx);
  });
}
