import { hostname } from 'node:os';
import { DelayedError, type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../config/log.ts';
import type { ConsumeOptions, Consumer, JobHandler } from '../queue.ts';
import { type BullJobData, toQueuedJob } from './bullmq-job.ts';

/** How a BullMQ consumer connects and notices dead workers. */
export interface BullmqConsumerSettings {
  connection: Redis;
  prefix: string;
  /** A job's lock; a worker that stops renewing it (dead, or its event loop stuck) loses the job. */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired, to put them back. */
  stalledIntervalMs: number;
  /** Times a job may be put back after its worker died before it is failed. */
  maxStalledCount: number;
}

/** A failure to be retried after `delayMs` (read back by the backoff strategy). */
class RetryLater extends Error {
  override name = 'RetryLater';
  constructor(
    excInfo: string,
    readonly delayMs: number,
  ) {
    super(excInfo);
    this.stack = excInfo;
  }
}

/**
 * Consumes queues with one BullMQ `Worker` per queue (its locks, stalled-job recovery and blocking fetch).
 * Outcomes map onto BullMQ: a result completes the job, a retryable failure throws with its delay (BullMQ counts
 * the attempt and delays the job), a final failure throws `UnrecoverableError`, and an interrupted job is moved
 * back to wait.
 */
export class BullmqConsumer implements Consumer {
  private readonly workers: Worker[];
  private readonly shutdown = new AbortController();
  private active = 0;

  constructor(options: ConsumeOptions, handler: JobHandler, settings: BullmqConsumerSettings, log: Logger) {
    const concurrency = Math.max(1, options.concurrency ?? 1);
    this.workers = options.queues.map((queue) => {
      const worker = new Worker<BullJobData>(
        queue,
        async (job: Job<BullJobData>, token?: string) => {
          this.active++;
          try {
            const outcome = await handler(toQueuedJob(job, queue), this.shutdown.signal);
            switch (outcome.kind) {
              case 'finished':
                return outcome.result;
              case 'interrupted':
                // Not counted as a run: straight back to wait, or delayed (its site is in maintenance).
                if (outcome.retryInMs !== undefined) {
                  await job.moveToDelayed(Date.now() + outcome.retryInMs, token);
                  throw new DelayedError();
                }
                await job.moveToWait(token);
                throw new WaitingError();
              case 'failed': {
                if (outcome.retryInMs !== undefined) throw new RetryLater(outcome.excInfo, outcome.retryInMs);
                const error = new UnrecoverableError(outcome.excInfo);
                error.stack = outcome.excInfo;
                throw error;
              }
            }
          } finally {
            this.active--;
          }
        },
        {
          connection: settings.connection,
          prefix: settings.prefix,
          concurrency,
          name: `${hostname()}.${process.pid}`,
          lockDuration: settings.lockDurationMs,
          stalledInterval: settings.stalledIntervalMs,
          maxStalledCount: settings.maxStalledCount,
          settings: { backoffStrategy: (_attempts, _type, error) => (error as RetryLater)?.delayMs ?? 1000 },
        },
      );
      // Connection trouble is retried by ioredis; BullMQ reports it here, and an unheard 'error' would crash.
      worker.on('error', (error) => log.error({ err: error, queue }, 'job worker error'));
      return worker;
    });
  }

  get running(): number {
    return this.active;
  }

  async close(graceMs = 30_000): Promise<void> {
    const grace = setTimeout(() => this.shutdown.abort(), graceMs);
    try {
      // Without `force`, BullMQ stops fetching and waits for the running jobs; past the grace period they are
      // aborted, rolled back and moved back to wait.
      await Promise.all(this.workers.map((worker) => worker.close()));
    } finally {
      clearTimeout(grace);
    }
  }
}
