import { hostname } from 'node:os';
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisLink } from '../../cache/redis-link.ts';
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

/** After the grace period, how long interrupted jobs get to go back to wait before the connections are cut. */
const settleMs = 1_000;

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

  constructor(
    options: ConsumeOptions,
    handler: JobHandler,
    private readonly settings: BullmqConsumerSettings,
    private readonly log: Logger,
    link?: RedisLink,
  ) {
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
      // Connection trouble is retried by ioredis; BullMQ reports it here (an unheard 'error' would crash), and
      // during an outage it only counts towards the outage's summary.
      worker.on('error', (error) => {
        const write = () => log.error({ err: error, queue }, 'job worker error');
        if (link) link.report(error, write);
        else write();
      });
      return worker;
    });
  }

  get running(): number {
    return this.active;
  }

  /**
   * Within `graceMs` in all, even with Redis unreachable: running jobs get all but the last two seconds, then
   * they are aborted and go back to wait; a second before the end whatever still waits for Redis is disconnected,
   * and half a second later close returns (closing the process's other connections fits in what is left).
   */
  async close(graceMs = 30_000): Promise<void> {
    const abortAt = Math.max(0, graceMs - 2 * settleMs);
    const cutAt = Math.max(abortAt + settleMs / 2, graceMs - settleMs);
    const grace = setTimeout(() => this.shutdown.abort(), abortAt);
    let timer: NodeJS.Timeout | undefined;
    const after = (ms: number) =>
      new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), ms);
      });
    // Without `force`, BullMQ stops fetching and waits for the running jobs; aborted ones are rolled back and
    // moved back to wait.
    const closed = Promise.allSettled(this.workers.map((worker) => worker.close()));
    try {
      if ((await Promise.race([closed, after(cutAt)])) !== 'late') return;
      // Redis is unreachable (BullMQ would wait for it forever): cut the connections. A job still marked active
      // is not lost: its lock expires and another worker runs it again.
      this.log.warn({ graceMs }, 'job worker could not close in time (queue unreachable?); disconnecting');
      for (const worker of this.workers) void worker.disconnect().catch(() => {});
      this.settings.connection.disconnect();
      await Promise.race([closed, after(settleMs / 2)]);
    } finally {
      clearTimeout(grace);
      clearTimeout(timer);
    }
  }
}
