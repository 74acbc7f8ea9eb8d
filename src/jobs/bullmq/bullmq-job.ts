import type { Job, JobType } from 'bullmq';
import type { JobInfo, JobStatus, NewJob, QueuedJob } from '../job.ts';

/** A job's data in Redis (JSON): everything a worker needs; the method is also the BullMQ job name. */
export interface BullJobData {
  site: string;
  user: string;
  method: string;
  kwargs: Record<string, unknown>;
  timeout: number;
  jobId?: string | undefined;
  onSuccess?: string | undefined;
  onFailure?: string | undefined;
  enqueuedAt: number;
  /** Tells this add from an earlier job of the same name (BullMQ returns the existing job's id either way). */
  token?: string | undefined;
}

/**
 * BullMQ ids may not contain `:`; a named job's BullMQ id is `<site>|<encoded job_id>`, unique per site. Outside
 * this folder the job is known by its `job_id` alone, as in the table queue.
 */
export function namedJobId(site: string, jobId: string): string {
  return `${site}|${encodeURIComponent(jobId)}`;
}

/** The data stored for a new job. */
export function toData(job: NewJob, token?: string): BullJobData {
  return {
    site: job.site,
    user: job.user,
    method: job.method,
    kwargs: job.kwargs,
    timeout: job.timeout,
    jobId: job.jobId,
    onSuccess: job.onSuccess,
    onFailure: job.onFailure,
    enqueuedAt: job.enqueuedAt,
    token,
  };
}

/** A claimed BullMQ job as the job a worker runs (its id is the `job_id` when it has one, as in the table). */
export function toQueuedJob(job: Job<BullJobData>, queue: string): QueuedJob {
  const data = job.data;
  return {
    id: data.jobId ?? job.id!,
    site: data.site,
    user: data.user,
    method: data.method ?? job.name,
    kwargs: data.kwargs ?? {},
    queue,
    timeout: data.timeout,
    jobId: data.jobId,
    atFront: job.opts.lifo || undefined,
    maxAttempts: job.opts.attempts ?? 1,
    onSuccess: data.onSuccess,
    onFailure: data.onFailure,
    enqueuedAt: data.enqueuedAt ?? job.timestamp,
    attempt: job.attemptsMade + 1,
  };
}

/** BullMQ states shown as each RQ status. */
export const statesByStatus: Readonly<Record<JobStatus, readonly JobType[]>> = {
  queued: ['wait', 'prioritized', 'waiting-children'],
  started: ['active'],
  finished: ['completed'],
  failed: ['failed'],
  scheduled: ['delayed'],
  deferred: [],
  canceled: [],
};

/** The RQ status of a BullMQ state (`waiting` is what `getState` calls `wait`). */
export function statusOf(state: string): JobStatus {
  for (const [status, states] of Object.entries(statesByStatus)) {
    if ((states as readonly string[]).includes(state)) return status as JobStatus;
  }
  return 'queued';
}

/** A BullMQ job as the RQ Job list shows it. */
export function toJobInfo(job: Job<BullJobData>, queue: string, status: JobStatus): JobInfo {
  const data = job.data;
  return {
    id: data.jobId ?? job.id!,
    site: data.site,
    user: data.user,
    queue,
    method: data.method ?? job.name,
    jobId: data.jobId,
    kwargs: data.kwargs ?? {},
    status,
    timeout: data.timeout,
    // Runs started: a run cut short by a dead worker counts too (BullMQ's attemptsMade counts only ends).
    attempts: Math.max(job.attemptsStarted ?? 0, job.attemptsMade),
    maxAttempts: job.opts.attempts ?? 1,
    enqueuedAt: data.enqueuedAt ?? job.timestamp,
    startedAt: job.processedOn,
    endedAt: status === 'finished' || status === 'failed' ? job.finishedOn : undefined,
    // BullMQ keeps the last failure's reason even after a retry succeeded; RQ shows none then.
    excInfo: status === 'finished' ? undefined : job.failedReason || undefined,
    result: status === 'finished' ? job.returnvalue : undefined,
  };
}
