import { ValidationError } from '../errors/index.ts';

// Errors of the jobs layer. Those a caller of `enqueue` can cause are ValidationErrors (417 through the API).

/** A job ran past its timeout: it was stopped, its transaction rolled back, and it is marked failed. */
export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
  readonly code = 'JOB_TIMEOUT';
  constructor(readonly seconds: number) {
    // RQ's wording, which Frappe users search logs for.
    super(`Task exceeded maximum timeout value (${seconds} seconds)`);
  }
}

/**
 * Thrown by a job to ask for another run later (Frappe's `RetryBackgroundJobError`): the transaction rolls back
 * and the job is retried with backoff until its attempts are used up.
 *
 * @example if (await remoteIsBusy()) throw new RetryJobError('remote busy');
 */
export class RetryJobError extends Error {
  override name = 'RetryJobError';
  readonly code = 'JOB_RETRY';
}

/** The running job was stopped because its worker is shutting down; it goes back to the queue. */
export class JobInterruptedError extends Error {
  override name = 'JobInterruptedError';
  readonly code = 'JOB_INTERRUPTED';
  constructor() {
    super('Job interrupted by worker shutdown');
  }
}

/** The job was taken over by another worker (this one's lease expired): its run must not commit. */
export class JobLeaseLostError extends Error {
  override name = 'JobLeaseLostError';
  readonly code = 'JOB_LEASE_LOST';
  constructor(id: string) {
    super(`Job ${id} is no longer held by this worker (its lease expired)`);
  }
}

/** `enqueue` to a queue that is neither short/default/long nor in `workers` of the common config. */
export class UnknownQueueError extends ValidationError {
  constructor(queue: string, known: readonly string[]) {
    super(`Queue should be one of ${known.join(', ')} (got ${JSON.stringify(queue)})`);
  }
}

/** `enqueue` of a method no app registered. */
export class UnknownJobMethodError extends ValidationError {
  constructor(method: string) {
    super(`No job method registered as ${JSON.stringify(method)}`);
  }
}

/** `deduplicate` without a `job_id` (Frappe's message). */
export class MissingJobIdError extends ValidationError {
  constructor() {
    super('`job_id` paramater is required for deduplication.');
  }
}

/** The job queue cannot be reached (`redis_queue` down, refused, timed out): nothing was enqueued or read. */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
  readonly code = 'QUEUE_UNAVAILABLE';
  constructor(where: string, cause: unknown) {
    super(`job queue at ${where} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}
