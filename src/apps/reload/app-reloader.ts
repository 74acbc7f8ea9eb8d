// Developer-mode reload of app code in a running process (`cortado start`): on a settled change in the code
// folder of one of the bench's apps (`apps/<app>/<app>/`: hooks, modules, DocTypes, public/), load a fresh
// generation of every app (new module instances: the loader's generation mark, module-hooks.ts), rebuild
// their desk scripts, then swap it in (runtime's `replaceApps`, app-generation.ts).
// Loading checks everything start-up checks, so a broken edit is one logged line and the old code keeps serving.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Bench } from '../../config/bench.ts';
import { oneLine } from '../app-load-error.ts';
import { buildAppAssets } from '../assets/build-app-assets.ts';
import { benchAppPaths } from '../bench-apps.ts';
import { loadApps } from '../load-apps.ts';
import type { LoadedApp } from '../loaded-app.ts';
import { watchFolders } from './watch-folder.ts';

/** What the reloader needs from the process. */
export interface ReloadTarget {
  /** Swaps the running apps for `apps` (already loaded and checked); throws, changing nothing, when it cannot. */
  replaceApps(apps: readonly LoadedApp[]): Promise<void>;
}

/** A running reloader. */
export interface AppReloader {
  /** Stops watching; resolves once a reload under way has finished (nothing is swapped after it). */
  close(): Promise<void>;
}

// ESM caches every module URL for the process's life: each generation needs a number never used before in it.
let lastGeneration = 0;

/**
 * Watches the code folders of the bench's apps (those listed at start: an app added later takes a restart)
 * and reloads the apps on change. `log` gets a line at start and one per reload: success with its time, or
 * the AppLoadError (app and file) that kept the old code running.
 *
 * @example const reloader = startAppReloader(bench, runtime, (line) => process.stderr.write(`${line}\n`));
 */
export function startAppReloader(
  bench: Bench,
  target: ReloadTarget,
  log: (line: string) => void,
): AppReloader {
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const once = async () => {
    const started = performance.now();
    try {
      const apps = await loadApps(bench, { generation: ++lastGeneration });
      if (closed) return;
      await buildAppAssets(bench, apps);
      if (closed) return;
      await target.replaceApps(apps);
    } catch (error) {
      log(`cortado: app code not reloaded, the running code stays: ${oneLine(messageOf(error))}`);
      return;
    }
    log(`cortado: app code reloaded (${Math.round(performance.now() - started)} ms)`);
  };

  // One reload at a time; changes during one make one more afterwards (it sees them all).
  const reload = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await once();
      } while (again && !closed);
      running = undefined;
    })();
    return running;
  };

  const folders = benchAppPaths(bench)
    .map((path) => join(path, basename(path)))
    .filter((folder) => existsSync(folder));
  const watch = folders.length ? watchFolders(folders, () => void reload()) : undefined;
  if (watch) log(`cortado: developer mode: app code reloads on change (${folders.length} apps watched)`);
  return {
    async close() {
      closed = true;
      watch?.close();
      await running;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
