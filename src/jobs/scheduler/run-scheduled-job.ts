import type { RawJobContext } from '../context.ts';
import { JobInterruptedError, JobTimeoutError } from '../errors.ts';
import type { JobRegistry } from '../registry.ts';
import { excInfo } from '../run-job.ts';
import { insertJobLog, updateJobLog } from './job-log.ts';
import { jobTypeOfMethod } from './job-types.ts';
import { runScheduledJobMethod } from './tick.ts';

/**
 * Registers Frappe's `run_scheduled_job(job_type)`: runs the scheduled method in its own transaction and keeps
 * a Scheduled Job Log row (`Start`, then `Complete` or `Failed` with the trace) that survives the method's
 * rollback. As in Frappe, a failing method leaves the job itself finished: the log holds the failure. Job types
 * of frequency `All` log only when `create_log` is set.
 */
export function registerRunScheduledJob(registry: JobRegistry): void {
  registry.registerRaw(runScheduledJobMethod, async (ctx: RawJobContext, kwargs) => {
    const method = String(kwargs.job_type ?? '');
    const jobType = await jobTypeOfMethod(ctx.database, method);
    if (!jobType) throw new Error(`No Scheduled Job Type for ${JSON.stringify(method)}`);
    const entry = registry.get(method);
    const logName = Number(jobType.create_log)
      ? await ctx.database.transaction((tx) => insertJobLog(tx, jobType.name, 'Start'))
      : undefined;
    try {
      if (!entry) throw new Error(`No job method registered as ${JSON.stringify(method)}`);
      if (entry.raw) await entry.fn(ctx, {});
      else await ctx.transaction(async (jobCtx) => entry.fn(jobCtx, {}));
      if (logName) await ctx.database.transaction((tx) => updateJobLog(tx, logName, 'Complete'));
      ctx.log.info({ method }, 'scheduled job complete');
    } catch (error) {
      if (logName)
        await ctx.database.transaction((tx) => updateJobLog(tx, logName, 'Failed', excInfo(error)));
      ctx.log.error({ err: error, method }, 'scheduled job failed');
      // Stopped by its timeout or the worker's shutdown: the job itself must fail or go back to the queue.
      if (error instanceof JobTimeoutError || error instanceof JobInterruptedError) throw error;
    }
  });
}
