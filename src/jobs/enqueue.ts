import type { Transaction } from '../db/database.ts';
import { jobContext, rawJobContext } from './context.ts';
import { MissingJobIdError, UnknownJobMethodError } from './errors.ts';
import type { NewJob } from './job.ts';
import { JobStop } from './job-stop.ts';
import { assertQueues } from './queue-names.ts';
import type { JobService } from './service.ts';

/** Who enqueues, where: the job runs as `user` on `site`. `db` is the caller's open transaction, if any. */
export interface EnqueueContext {
  site: string;
  user: string;
  db?: Transaction | undefined;
  jobs: JobService;
}

/** Frappe's `enqueue` parameters; every other key is a keyword argument of the method. */
export interface EnqueueOptions {
  /** `short`, `default` (the default), `long` or a custom queue of `workers`. */
  queue?: string | undefined;
  /** Seconds; default: the queue's timeout. */
  timeout?: number | undefined;
  /** Names the job: never queued twice while queued or running; a finished one is replaced. */
  job_id?: string | undefined;
  /** Skip when a job of `job_id` is queued or running (needs `job_id`). */
  deduplicate?: boolean | undefined;
  /** Enqueue only when `db` commits (nothing when it rolls back). */
  enqueue_after_commit?: boolean | undefined;
  /** Run before the jobs already waiting. */
  at_front?: boolean | undefined;
  /** Run inline, in the caller's transaction, and return the method's result. */
  now?: boolean | undefined;
  /** Registered methods called with `{job, result}` after commit / `{job, exc_info}` after the final failure. */
  on_success?: string | undefined;
  on_failure?: string | undefined;
  [kwarg: string]: unknown;
}

/** What `enqueue` did. */
export type EnqueueResult =
  | { status: 'queued'; id: string }
  /** A job of the same `job_id` is queued or running: nothing was added (`id` is that job). */
  | { status: 'deduplicated'; id: string }
  /** Waiting for the caller's transaction to commit. */
  | { status: 'deferred' }
  /** `now`: ran inline. */
  | { status: 'ran'; result: unknown };

// Frappe parameters that Cortado accepts and ignores (or maps): they never reach the method as kwargs.
const legacy = new Set(['event', 'job_name', 'is_async', 'async']);
const controls = new Set([
  'queue',
  'timeout',
  'job_id',
  'deduplicate',
  'enqueue_after_commit',
  'at_front',
  'now',
  'on_success',
  'on_failure',
]);

/**
 * Frappe's `frappe.enqueue`: runs a registered method in a worker, as `ctx.user` on `ctx.site`, in its own
 * transaction. With the embedded queue a job enqueued inside a transaction is written in it, so it becomes
 * visible when the caller commits (and vanishes on rollback) even without `enqueue_after_commit`.
 *
 * @example await enqueue({ site, user, db: tx, jobs }, 'app.tasks.rebuild', { queue: 'long', job_id: 'rebuild', deduplicate: true, item: 'X' });
 */
export async function enqueue(
  ctx: EnqueueContext,
  method: string,
  options: EnqueueOptions = {},
): Promise<EnqueueResult> {
  const { jobs } = ctx;
  const kwargs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!controls.has(key) && !legacy.has(key)) kwargs[key] = value;
  }
  const queue = options.queue || 'default';
  assertQueues([queue], jobs.timeouts);
  for (const name of [method, options.on_success, options.on_failure]) {
    if (name && !jobs.registry.has(name)) throw new UnknownJobMethodError(name);
  }
  if (options.deduplicate && !options.job_id) throw new MissingJobIdError();
  // Frappe runs `is_async=False` inline too (outside its own tests).
  if (options.now || options.is_async === false)
    return { status: 'ran', result: await runNow(ctx, method, kwargs) };

  const job: NewJob = {
    site: ctx.site,
    user: ctx.user,
    method,
    kwargs,
    queue,
    timeout: options.timeout && options.timeout > 0 ? options.timeout : jobs.timeouts[queue]!,
    jobId: options.job_id || undefined,
    atFront: options.at_front || undefined,
    maxAttempts: jobs.maxAttempts,
    onSuccess: options.on_success || undefined,
    onFailure: options.on_failure || undefined,
    enqueuedAt: Date.now(),
  };
  // JSON is the wire format: refuse what would not survive it here, not in the worker.
  JSON.stringify(kwargs);
  if (ctx.db && jobs.queue.transactional) return toResult(await jobs.queue.add(job, ctx.db));
  if (ctx.db && options.enqueue_after_commit) {
    // Refuse now, while the caller's transaction can still roll back, rather than commit work whose job is
    // then lost: with the queue known to be down the client is told 503 and nothing is written.
    jobs.queue.assertAvailable();
    const { log } = jobs;
    ctx.db.afterCommit(async () => {
      job.enqueuedAt = Date.now();
      try {
        await jobs.queue.add(job);
      } catch (error) {
        // The queue went down between the check and the commit: the one case left where a job is lost. Say
        // which (argument names only: their values may be secrets).
        log.error(
          {
            err: error,
            site: job.site,
            method: job.method,
            queue: job.queue,
            jobId: job.jobId,
            kwargs: Object.keys(job.kwargs),
          },
          'job lost: enqueue after commit failed',
        );
      }
    });
    return { status: 'deferred' };
  }
  return toResult(await jobs.queue.add(job));
}

/**
 * Whether a job of that `job_id` is queued or running on the site (Frappe's `is_job_enqueued`); a failed job
 * waiting for its retry counts as queued.
 */
export async function isJobEnqueued(jobs: JobService, site: string, jobId: string): Promise<boolean> {
  const info = await jobs.queue.get(site, jobId);
  return info !== undefined && ['queued', 'started', 'scheduled'].includes(info.status);
}

function toResult(result: { id: string; added: boolean }): EnqueueResult {
  return result.added ? { status: 'queued', id: result.id } : { status: 'deduplicated', id: result.id };
}

// `now`: the method runs in the caller's transaction when there is one (Frappe's `frappe.call`), else in its own.
async function runNow(
  ctx: EnqueueContext,
  method: string,
  kwargs: Record<string, unknown>,
): Promise<unknown> {
  const entry = ctx.jobs.registry.get(method)!;
  const scope = { site: ctx.site, user: ctx.user, stop: new JobStop(), job: undefined };
  if (entry.raw) return entry.fn(rawJobContext(ctx.jobs, scope, ctx.jobs.databases.get(ctx.site)), kwargs);
  if (ctx.db) return entry.fn(jobContext(ctx.jobs, scope, ctx.db), kwargs);
  return ctx.jobs.databases
    .get(ctx.site)
    .transaction(async (tx) => entry.fn(jobContext(ctx.jobs, scope, tx), kwargs));
}
