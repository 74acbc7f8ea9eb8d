// App job methods (enqueued, or named by scheduler_events) get the app API: the job's transaction seen through
// the document engine, as the enqueuing user on the job's site (permissions, controllers, realtime after commit).
import type { ModelServices } from '../backend/api/model-services.ts';
import type { JobContext } from '../jobs/context.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import type { AppContext } from './app-context.ts';
import { appContextOf } from './app-context-of.ts';
import { docContextFor } from './doc-context-for.ts';

/** An app's job function: the AppContext of the job, and the enqueued keyword arguments. */
export type AppJobFunction = (ctx: AppContext, kwargs: Record<string, unknown>) => unknown;

/**
 * Registers an app function as the job method `path`. `model` is the process's model services (or a getter, for
 * a runtime that makes them after its job registry).
 *
 * @example registerAppJob(registry, 'library_management.library_management.tasks.mark_overdue', markOverdue, () => runtime.model);
 */
export function registerAppJob(
  registry: JobRegistry,
  path: string,
  fn: AppJobFunction,
  model: ModelServices | (() => ModelServices),
): void {
  registry.register(path, async (job: JobContext, kwargs) => {
    const services = typeof model === 'function' ? model() : model;
    const dctx = await docContextFor(services, { site: job.site, user: job.user, db: job.db });
    return fn(appContextOf(dctx, job), kwargs);
  });
}
