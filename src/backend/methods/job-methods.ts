// The whitelisted methods of Frappe's job DocTypes: `RQ Job`'s `remove_failed_jobs` and `Scheduled Job Type`'s
// `execute_event` (the list view's "Remove Failed Jobs" and the form's "Execute" buttons).
import { DoesNotExistError, ValidationError } from '../../errors/index.ts';
import { rqJobAccess } from '../../jobs/rq-job/rq-job-doctype.ts';
import { assertRqJobReader, removeFailedRqJobs } from '../../jobs/rq-job/rq-jobs.ts';
import { jobTypeTable } from '../../jobs/scheduler/job-types.ts';
import { executeJobType } from '../../jobs/scheduler/tick.ts';
import type { JobService } from '../../jobs/service.ts';
import { docContextOf } from '../api/doc-context.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { MethodRegistry } from '../methods.ts';
import { parseJsonValue } from './method-args.ts';

/**
 * Registers `frappe.core.doctype.rq_job.rq_job.remove_failed_jobs` (deletes the site's failed jobs) and
 * `frappe.core.doctype.scheduled_job_type.scheduled_job_type.execute_event` (`doc`: the Scheduled Job Type as
 * JSON, or its name; enqueues it now and returns `doc`). Both POST only, System Managers only (Frappe's
 * `only_for("System Manager")`; Administrator too).
 */
export function registerJobMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist(
    'frappe.core.doctype.rq_job.rq_job.remove_failed_jobs',
    { methods: ['POST'] },
    async (ctx) => {
      const access = await rqJobAccess(docContextOf(ctx, model), ctx.siteDb);
      assertRqJobReader(access);
      await removeFailedRqJobs(jobsOf(model.jobs), access);
    },
  );

  registry.whitelist(
    'frappe.core.doctype.scheduled_job_type.scheduled_job_type.execute_event',
    { methods: ['POST'], params: { doc: { type: 'any', required: true } } },
    async (ctx, { doc }) => {
      const dctx = docContextOf(ctx, model);
      assertRqJobReader(await rqJobAccess(dctx, ctx.siteDb));
      const jobs = jobsOf(model.jobs);
      const parsed = parseJsonValue(doc);
      const name =
        parsed && typeof parsed === 'object' && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>).name
          : parsed;
      if (typeof name !== 'string' || name === '') {
        throw new ValidationError("Argument 'doc' must name a Scheduled Job Type");
      }
      // Read on the site's database: the enqueue below writes on the queue's own connection.
      const q = ctx.siteDb.dialect.quote;
      const row = await ctx.siteDb.one<{ method: string; frequency: string }>(
        `SELECT ${q('method')}, ${q('frequency')} FROM ${q(jobTypeTable)} WHERE ${q('name')} = ?`,
        [name],
      );
      if (!row) throw new DoesNotExistError(`Scheduled Job Type ${name} not found`);
      await executeJobType(jobs, ctx.site, row);
      return parsed;
    },
  );
}

/** The process's job service; ValidationError (417) when this backend was built without one. */
function jobsOf(jobs: JobService | undefined): JobService {
  if (!jobs) throw new ValidationError('Background jobs are not available in this process');
  return jobs;
}
