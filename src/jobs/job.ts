// The shapes a job takes: as enqueued, as handed to a worker, and as shown in the RQ Job list.

/** RQ's job statuses, as Frappe's `RQ Job` DocType shows them. */
export const jobStatuses = [
  'queued',
  'started',
  'finished',
  'failed',
  'deferred',
  'scheduled',
  'canceled',
] as const;
/** One of RQ's job statuses. */
export type JobStatus = (typeof jobStatuses)[number];

/** A job as `enqueue` builds it: what to run, where, as whom, and how long it may take. */
export interface NewJob {
  site: string;
  /** The enqueuing user: the job runs as them. */
  user: string;
  /** A method registered in the `JobRegistry`. */
  method: string;
  kwargs: Record<string, unknown>;
  queue: string;
  /** Seconds before the job is stopped and marked failed. */
  timeout: number;
  /**
   * The caller's name for the job (Frappe's `job_id`). While a job of that name is queued or running another
   * is not added; once it finished or failed, a new one replaces it.
   */
  jobId?: string | undefined;
  /** Run before the jobs already waiting in the queue (RQ's `at_front`). */
  atFront?: boolean | undefined;
  /** Runs in all, counting the first: transient failures are retried until this many runs happened. */
  maxAttempts: number;
  /** Registered methods called after the job committed / after its final failure. */
  onSuccess?: string | undefined;
  onFailure?: string | undefined;
  /** Epoch ms when enqueued (latency is measured from here). */
  enqueuedAt: number;
}

/** A job handed by a queue to the worker that claimed it. */
export interface QueuedJob extends NewJob {
  /** The queue's id for the job: the RQ Job `name` (the `jobId` when one was given). */
  id: string;
  /** Which run this is, 1 for the first. */
  attempt: number;
}

/** A job as the RQ Job list shows it (times are epoch ms). */
export interface JobInfo {
  id: string;
  site: string;
  user: string;
  queue: string;
  method: string;
  jobId?: string | undefined;
  kwargs: Record<string, unknown>;
  status: JobStatus;
  timeout: number;
  attempts: number;
  maxAttempts: number;
  enqueuedAt?: number | undefined;
  startedAt?: number | undefined;
  endedAt?: number | undefined;
  /** The failure's trace (Frappe's `exc_info`). */
  excInfo?: string | undefined;
  result?: unknown;
}
