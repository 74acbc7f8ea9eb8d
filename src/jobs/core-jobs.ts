import type { JobRegistry } from './registry.ts';
import { clearOldJobLogs } from './scheduler/job-log.ts';
import { registerRunScheduledJob } from './scheduler/run-scheduled-job.ts';

/** Frappe's name for the daily clean-up of old logs (Log Settings). */
export const logCleanupMethod = 'frappe.core.doctype.log_settings.log_settings.run_log_clean_up';

/**
 * The jobs Cortado itself provides: `run_scheduled_job` (through which every scheduled run goes) and a daily
 * clean-up of Scheduled Job Logs older than 90 days.
 *
 * @example const registry = registerCoreJobs(new JobRegistry());
 */
export function registerCoreJobs(registry: JobRegistry): JobRegistry {
  registerRunScheduledJob(registry);
  registry.register(logCleanupMethod, (ctx) => clearOldJobLogs(ctx.db));
  registry.schedule({ daily: [logCleanupMethod] });
  return registry;
}
