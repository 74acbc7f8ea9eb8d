import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../../config/log.ts';
import type { Transaction } from '../../db/database.ts';
import { JobLeaseLostError } from '../errors.ts';
import type { QueuedJob } from '../job.ts';
import type { ConsumeOptions, Consumer, JobHandler } from '../queue.ts';
import { settleJob } from './settle.ts';
import type { TableQueue } from './table-queue.ts';

/**
 * Consumes queues of the jobs table: per queue, `concurrency` loops that claim a job (trying the sites in turn),
 * run it and record the outcome; an idle loop waits for an in-process wake-up or its poll interval. A timer
 * puts back jobs whose worker died (expired leases) and deletes old results.
 */
export class TableConsumer implements Consumer {
  private readonly id = `${hostname()}.${process.pid}.${randomUUID().slice(0, 8)}`;
  private readonly stopping = new AbortController();
  private readonly shutdown = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly reaper: NodeJS.Timeout;
  private claims = 0;
  private active = 0;

  constructor(
    private readonly table: TableQueue,
    options: ConsumeOptions,
    private readonly handler: JobHandler,
    private readonly log: Logger,
  ) {
    const concurrency = Math.max(1, options.concurrency ?? 1);
    for (const queue of options.queues) {
      for (let i = 0; i < concurrency; i++) this.loops.push(this.loop(queue));
    }
    this.reaper = setInterval(() => void this.reap(), table.options.reapIntervalMs);
    this.reaper.unref();
    void this.reap();
  }

  get running(): number {
    return this.active;
  }

  async close(graceMs = 30_000): Promise<void> {
    this.stopping.abort();
    clearInterval(this.reaper);
    const grace = setTimeout(() => this.shutdown.abort(), graceMs);
    try {
      await Promise.all(this.loops);
    } finally {
      clearTimeout(grace);
    }
  }

  private async loop(queue: string): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let claimed: { job: QueuedJob; owner: string } | undefined;
      try {
        claimed = await this.table.claimNext(queue, `${this.id}:${++this.claims}`);
      } catch (error) {
        this.log.error({ err: error, queue }, 'claiming a job failed');
      }
      if (!claimed) {
        await this.table.wakeups.wait(queue, this.table.options.pollMs, this.stopping.signal);
        continue;
      }
      await this.run(claimed.job, claimed.owner);
    }
  }

  private async run(job: QueuedJob, owner: string): Promise<void> {
    this.active++;
    try {
      // The job's writes and its `finished` mark commit together: a crash in between cannot run it twice.
      const recordFinished = async (tx: Transaction, result: unknown) => {
        const held = await settleJob(tx, job, owner, { kind: 'finished', result }, Date.now());
        if (!held) throw new JobLeaseLostError(job.id);
      };
      const outcome = await this.handler(job, this.shutdown.signal, recordFinished);
      if (outcome.kind === 'finished' && outcome.recorded) return;
      try {
        await this.table.settle(job, owner, outcome);
      } catch (error) {
        // The lease runs out and the job is run again: at-least-once, never lost.
        this.log.error({ err: error, site: job.site, job: job.id }, 'recording a job outcome failed');
      }
    } finally {
      this.active--;
    }
  }

  private async reap(): Promise<void> {
    try {
      await this.table.reap();
    } catch (error) {
      this.log.error({ err: error }, 'recovering lost jobs failed');
    }
  }
}
