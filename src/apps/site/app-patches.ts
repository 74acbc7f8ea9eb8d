import { ranPatches, recordPatch } from '../../core/apps/index.ts';
import type { Queryable } from '../../db/database.ts';
import type { AppPatch, LoadedApp } from '../loaded-app.ts';
import { asAdministrator, type SiteAppsEnv } from './site-apps-env.ts';

/**
 * Records every patch of the app as run without running it (Frappe does so on install: a new site has the
 * app's current schema already).
 */
export async function markPatchesRun(db: Queryable, app: LoadedApp): Promise<void> {
  const ran = await ranPatches(db);
  for (const patch of app.patches) if (!ran.has(patch.path)) await recordPatch(db, patch.path);
}

/**
 * Runs the app's patches of one section that the site has not run, in patches.txt order, each in its own
 * transaction with its Patch Log row: a patch that throws is not recorded, and stops migrate with one line
 * naming it (the patches after it wait for the next run).
 *
 * @returns the paths run
 */
export async function runPendingPatches(
  env: SiteAppsEnv,
  app: LoadedApp,
  section: AppPatch['section'],
): Promise<string[]> {
  const ran = await ranPatches(env.db);
  const pending = app.patches.filter((p) => p.section === section && !ran.has(p.path));
  const done: string[] = [];
  for (const [i, patch] of pending.entries()) {
    try {
      await asAdministrator(env, async (actx, dctx) => {
        await patch.execute(actx);
        await recordPatch(dctx.db, patch.path);
      });
    } catch (error) {
      throw new Error(`patch ${patch.path} of app ${app.name} failed: ${(error as Error).message}`);
    }
    done.push(patch.path);
    env.onProgress?.(`patch ${patch.path}`, i + 1, pending.length);
  }
  return done;
}
