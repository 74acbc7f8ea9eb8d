import type { Logger } from '../config/log.ts';
import { jobContext, rawJobContext } from './context.ts';
import { JobInterruptedError, JobLeaseLostError, JobTimeoutError } from './errors.ts';
import type { QueuedJob } from './job.ts';
import { JobStop, onAbort } from './job-stop.ts';
import { LazyTransaction } from './lazy-transaction.ts';
import type { JobOutcome, RecordFinished } from './queue.ts';
import type { JobService } from './service.ts';
import { backoffDelay, isTransientError } from './transient.ts';
import { untilStopped } from './until-stopped.ts';

/** How long a job of a site in maintenance waits before a worker looks at it again. */
export const maintenanceRetryMs = 5000;

/**
 * Runs one claimed job (Frappe's `execute_job`): the registered method, as the job's user on its site, in its
 * own transaction (begun on its first query), committed when it resolves and rolled back when it throws. Past its timeout the job's
 * signal aborts and the transaction rolls back at once (the hard limit: its later queries fail), and it is
 * failed. Transient failures ask for a retry with backoff while attempts remain. `shutdown` aborting means
 * the worker is stopping: the job is rolled back and reported interrupted, to go back to the queue.
 * `recordFinished` (from a queue in the site's database) marks the job finished in the job's own transaction.
 *
 * @example const outcome = await runJob(jobs, job, shutdown.signal);
 */
export async function runJob(
  service: JobService,
  job: QueuedJob,
  shutdown: AbortSignal,
  recordFinished?: RecordFinished,
): Promise<JobOutcome> {
  // Built only when something is logged: a child logger per job costs more than a no-op job.
  const log = () =>
    service.log.child({ site: job.site, job: job.id, method: job.method, attempt: job.attempt });
  // A site in maintenance (a restore or move under way) runs no jobs: the job waits, its attempts untouched.
  if (inMaintenance(service, job.site)) return { kind: 'interrupted', retryInMs: maintenanceRetryMs };
  const entry = service.registry.get(job.method);
  if (!entry) return fail(log(), new Error(`No job method registered as ${JSON.stringify(job.method)}`));

  // One stop for both reasons: the job's timeout, and the worker's shutdown past its grace period.
  const stop = new JobStop();
  const timer = setTimeout(() => stop.stop(new JobTimeoutError(job.timeout)), job.timeout * 1000);
  const forget = onAbort(shutdown, () => stop.stop(new JobInterruptedError()));
  const scope = { site: job.site, user: job.user, stop, job };
  let tx: LazyTransaction | undefined;
  try {
    const database = service.databases.get(job.site);
    let recorded = false;
    let result: unknown;
    if (entry.raw) {
      result = await untilStopped(() => entry.fn(rawJobContext(service, scope, database), job.kwargs), stop);
    } else {
      tx = new LazyTransaction(database, log);
      const open = tx;
      result = await untilStopped(() => entry.fn(jobContext(service, scope, open), job.kwargs), stop);
      if (recordFinished) {
        await recordFinished(tx, toJson(result));
        recorded = true;
      }
      // Maintenance began while it ran: its writes could miss a move or restore, so they go and it runs later.
      if (inMaintenance(service, job.site)) {
        await tx.rollback(new Error('the site went into maintenance'));
        return { kind: 'interrupted', retryInMs: maintenanceRetryMs };
      }
      await tx.commit();
    }
    if (job.onSuccess) {
      await callback(service, job, job.onSuccess, { job: summary(job), result: result ?? null });
    }
    return { kind: 'finished', result: recorded ? undefined : toJson(result), recorded };
  } catch (error) {
    await tx?.rollback(error);
    // Interrupted, or taken over by another worker: not a failure of the job, which runs again (elsewhere).
    if (stop.reason instanceof JobInterruptedError || error instanceof JobLeaseLostError) {
      return { kind: 'interrupted' };
    }
    const final =
      error instanceof JobTimeoutError || !isTransientError(error) || job.attempt >= job.maxAttempts;
    if (!final) {
      const retryInMs = backoffDelay(job.attempt, service.retryBaseMs);
      log().warn({ err: error, retryInMs }, 'job failed transiently; will retry');
      return { kind: 'failed', excInfo: excInfo(error), retryInMs };
    }
    const outcome = fail(log(), error);
    await callback(service, job, job.onFailure, { job: summary(job), exc_info: outcome.excInfo });
    return outcome;
  } finally {
    clearTimeout(timer);
    forget();
  }
}

function inMaintenance(service: JobService, site: string): boolean {
  return service.maintenance !== undefined && service.maintenance.of(site) !== 'off';
}

function fail(log: Logger, error: unknown): JobOutcome & { kind: 'failed'; excInfo: string } {
  // Frappe's `log_error`: the job's failure is logged with its trace; the trace is kept on the job (exc_info).
  log.error({ err: error }, 'job failed');
  return { kind: 'failed', excInfo: excInfo(error) };
}

/** The failure as RQ Job's `exc_info` shows it: the stack (which starts with the message). */
export function excInfo(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

// on_success / on_failure: a registered method in its own transaction, as the job's user. A failing callback is
// logged and does not change how the job ended.
async function callback(
  service: JobService,
  job: QueuedJob,
  method: string | undefined,
  kwargs: Record<string, unknown>,
): Promise<void> {
  if (!method) return;
  const entry = service.registry.get(method);
  const scope = { site: job.site, user: job.user, stop: new JobStop(), job };
  try {
    if (!entry) throw new Error(`No job method registered as ${JSON.stringify(method)}`);
    const database = service.databases.get(job.site);
    if (entry.raw) await entry.fn(rawJobContext(service, scope, database), kwargs);
    else await database.transaction(async (tx) => entry.fn(jobContext(service, scope, tx), kwargs));
  } catch (error) {
    service.log.error({ err: error, site: job.site, job: job.id, callback: method }, 'job callback failed');
  }
}

function summary(job: QueuedJob): Record<string, unknown> {
  return {
    id: job.id,
    job_id: job.jobId ?? job.id,
    method: job.method,
    queue: job.queue,
    kwargs: job.kwargs,
  };
}

// Results travel as JSON; what JSON cannot hold becomes its string form rather than failing a finished job.
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}
