// An app's functions as job methods (jobs carry the dotted path, so every process registers the same ones)
// and its `scheduler_events`, synced as Scheduled Job Types on the sites where the app is installed.
import type { ModelServices } from '../backend/api/model-services.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import { schedulerEventPaths } from './app-hooks.ts';
import { type AppJobFunction, registerAppJob } from './app-job.ts';
import type { InstalledApps } from './installed-apps.ts';
import type { LoadedApp } from './loaded-app.ts';

/**
 * Registers every exported function of the app (classes aside) as a job method under its path (Frappe enqueues
 * any function by path), refusing to run on a site without the app; then its scheduled events.
 */
export function wireAppJobs(
  registry: JobRegistry,
  app: LoadedApp,
  installed: InstalledApps,
  model: () => ModelServices,
): void {
  for (const [path, fn] of app.functions) {
    if (isClass(fn) || app.pathOf(fn) !== path) continue;
    const job: AppJobFunction = async (ctx, kwargs) => {
      if (!(await installed.has(ctx.site, app.name)))
        throw new Error(`${path}: app ${app.name} is not installed on ${ctx.site}`);
      return (fn as AppJobFunction)(ctx, kwargs);
    };
    registerAppJob(registry, path, job, model);
  }
  registry.schedule(schedulerEventPaths(app, app.definition), app.name);
}

function isClass(fn: unknown): boolean {
  return Function.prototype.toString.call(fn).startsWith('class');
}
