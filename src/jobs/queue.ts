import type { Transaction } from '../db/database.ts';
import type { JobInfo, JobStatus, NewJob, QueuedJob } from './job.ts';

/**
 * How a job run ended, as the worker tells the queue: finished (with a JSON result), failed (retried after
 * `retryInMs` when set, else final), or interrupted by shutdown (returned to the queue, not counted as a run).
 */
export type JobOutcome =
  /** `recorded`: the queue's own `recordFinished` already marked it finished, in the job's transaction. */
  | { kind: 'finished'; result: unknown; recorded?: boolean | undefined }
  | { kind: 'failed'; excInfo: string; retryInMs?: number | undefined }
  | { kind: 'interrupted' };

/**
 * Marks a job finished inside the job's own transaction, just before it commits: a queue that lives in the
 * site's database (the table queue) makes the job's writes and its completion one atomic commit. Throws
 * `JobLeaseLostError` when the job is no longer this worker's (its writes then roll back).
 */
export type RecordFinished = (tx: Transaction, result: unknown) => Promise<void>;

/** Runs one claimed job. `signal` aborts when a shutdown's grace period is over. */
export type JobHandler = (
  job: QueuedJob,
  signal: AbortSignal,
  recordFinished?: RecordFinished,
) => Promise<JobOutcome>;

/** What a consumer listens to. */
export interface ConsumeOptions {
  queues: readonly string[];
  /** Jobs run at once per queue (default 1). */
  concurrency?: number | undefined;
}

/** A running consumer of some queues. */
export interface Consumer {
  /** Jobs running now. */
  readonly running: number;
  /**
   * Stops taking jobs and waits up to `graceMs` for the running ones; then aborts them and returns them to the
   * queue, so that none is lost. Resolves when nothing of this consumer runs any more.
   */
  close(graceMs?: number): Promise<void>;
}

/** What `add` did: `added` false means a job of the same `jobId` is queued or running (`id` is that job). */
export interface AddResult {
  id: string;
  added: boolean;
}

/** Which jobs to list: any of the queues, any of the statuses (all when omitted). */
export interface JobFilter {
  queues?: readonly string[] | undefined;
  statuses?: readonly JobStatus[] | undefined;
}

/**
 * A job queue: BullMQ on `redis_queue` (distributed) or a jobs table in each site's database (embedded).
 * One conformance suite (test/jobs/queue-conformance.ts) runs against both.
 *
 * @example const { id } = await queue.add(job); const consumer = queue.consume({ queues: ['default'] }, handler);
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'table';
  /**
   * True when `add` with a transaction writes the job in that transaction (visible at commit, gone on
   * rollback); false when jobs live elsewhere and `enqueue` defers them with `afterCommit` instead.
   */
  readonly transactional: boolean;
  add(job: NewJob, tx?: Transaction): Promise<AddResult>;
  consume(options: ConsumeOptions, handler: JobHandler): Consumer;
  get(site: string, id: string): Promise<JobInfo | undefined>;
  /** A site's jobs, newest first. */
  list(site: string, filter?: JobFilter): Promise<JobInfo[]>;
  /** Puts a failed job back in its queue; false when it is not failed (or does not exist). */
  retry(site: string, id: string): Promise<boolean>;
  /** Deletes a job that is not running; false when it does not exist or is running. */
  remove(site: string, id: string): Promise<boolean>;
  /** Resolves when the backend answers (health checks). */
  ping(): Promise<void>;
  /**
   * Throws `QueueUnavailableError` at once when the queue is known to be unreachable (its connection is down),
   * so that a caller can refuse before it commits work that would need the queue afterwards.
   */
  assertAvailable(): void;
  close(): Promise<void>;
}
