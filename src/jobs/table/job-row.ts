import type { Row } from '../../db/database.ts';
import type { JobInfo, JobStatus, NewJob, QueuedJob } from '../job.ts';

/** The columns an insert writes, in order. */
export const insertColumns = [
  'name',
  'queue',
  'status',
  'method',
  'job_id',
  'owner',
  'kwargs',
  'timeout',
  'attempts',
  'max_attempts',
  'seq',
  'run_at',
  'on_success',
  'on_failure',
  'enqueued_at',
] as const;

let counter = 0;

/**
 * The queue order of a new job: enqueue time with a per-process counter below it; negated for `at_front`,
 * so that the latest job pushed to the front runs first (RQ pushes it to the head of the list).
 */
export function sequence(atFront: boolean | undefined, now: number): number {
  counter = (counter + 1) % 1000;
  const seq = now * 1000 + counter;
  return atFront ? -seq : seq;
}

/** The insert values of a new job named `name`. */
export function insertValues(name: string, job: NewJob, now: number): unknown[] {
  return [
    name,
    job.queue,
    'queued',
    job.method,
    job.jobId ?? null,
    job.user,
    JSON.stringify(job.kwargs),
    job.timeout,
    0,
    job.maxAttempts,
    sequence(job.atFront, now),
    now,
    job.onSuccess ?? null,
    job.onFailure ?? null,
    job.enqueuedAt,
  ];
}

/** A claimed row as the job a worker runs. */
export function toQueuedJob(site: string, row: Row): QueuedJob {
  return {
    id: String(row.name),
    site,
    user: String(row.owner),
    method: String(row.method),
    kwargs: parseJson(row.kwargs) as Record<string, unknown>,
    queue: String(row.queue),
    timeout: Number(row.timeout),
    jobId: optionalString(row.job_id),
    atFront: Number(row.seq) < 0 || undefined,
    maxAttempts: Number(row.max_attempts),
    onSuccess: optionalString(row.on_success),
    onFailure: optionalString(row.on_failure),
    enqueuedAt: Number(row.enqueued_at),
    attempt: Number(row.attempts),
  };
}

/** A row as the RQ Job list shows it; a queued job waiting for its retry time shows as `scheduled`. */
export function toJobInfo(site: string, row: Row, now: number): JobInfo {
  let status = String(row.status) as JobStatus;
  if (status === 'queued' && Number(row.run_at) > now) status = 'scheduled';
  return {
    id: String(row.name),
    site,
    user: String(row.owner),
    queue: String(row.queue),
    method: String(row.method),
    jobId: optionalString(row.job_id),
    kwargs: parseJson(row.kwargs) as Record<string, unknown>,
    status,
    timeout: Number(row.timeout),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    enqueuedAt: optionalNumber(row.enqueued_at),
    startedAt: optionalNumber(row.started_at),
    endedAt: optionalNumber(row.ended_at),
    excInfo: optionalString(row.exc_info),
    result: row.result === null || row.result === undefined ? undefined : parseJson(row.result),
  };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function optionalString(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function optionalNumber(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}
