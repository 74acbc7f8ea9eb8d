import type { Heartbeat } from './heartbeat.ts';
import type { Consumer } from './queue.ts';
import { assertQueues } from './queue-names.ts';
import { runJob } from './run-job.ts';
import type { JobService } from './service.ts';

/** What a worker listens to. */
export interface WorkerOptions {
  /** Queue names, e.g. `['short', 'default']`. */
  queues: readonly string[];
  /** Jobs at once per queue (default 1). */
  concurrency?: number | undefined;
  /** Written every `heartbeatMs` after the queue answered a ping. */
  heartbeat?: Heartbeat | undefined;
  heartbeatMs?: number | undefined;
}

/** A running worker. */
export interface RunningWorker {
  readonly consumer: Consumer;
  /**
   * Graceful stop (SIGTERM): takes no new job, lets running ones finish for up to `graceMs` (default 30 s), then
   * stops them and returns them to their queue. No job is lost.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts a worker (`cortado worker --queue short,default`): claims jobs of the given queues and runs each with
 * `runJob` (own transaction, as the enqueuing user, timeout, retries).
 *
 * @example const worker = startWorker(jobs, { queues: ['short', 'default'], concurrency: 2 }); ... await worker.close();
 */
export function startWorker(service: JobService, options: WorkerOptions): RunningWorker {
  assertQueues(options.queues, service.timeouts);
  const consumer = service.queue.consume(
    { queues: options.queues, concurrency: options.concurrency },
    (job, signal, recordFinished) => runJob(service, job, signal, recordFinished),
  );
  const { heartbeat } = options;
  let timer: NodeJS.Timeout | undefined;
  if (heartbeat) {
    let withheld = false;
    const beat = async () => {
      try {
        await service.queue.ping();
        heartbeat.beat({ queues: options.queues, running: consumer.running });
        if (withheld) service.log.info('job queue reachable again; heartbeat resumed');
        withheld = false;
      } catch (error) {
        // Once per outage: the queue's own log already tells how it goes.
        if (!withheld) service.log.warn({ err: error }, 'job queue unreachable; heartbeat withheld');
        withheld = true;
      }
    };
    void beat();
    timer = setInterval(beat, options.heartbeatMs ?? 5000);
  }
  return {
    consumer,
    async close(graceMs) {
      clearInterval(timer);
      heartbeat?.stop();
      await consumer.close(graceMs);
    },
  };
}
