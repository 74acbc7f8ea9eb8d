import { randomUUID } from 'node:crypto';
import { Job, type JobsOptions, Queue } from 'bullmq';
import { Redis, ReplyError } from 'ioredis';
import { fastFailOptions, isConnectionError, RedisLink } from '../../cache/redis-link.ts';
import { redisWhere } from '../../cache/redis-where.ts';
import { createLogger, type Logger } from '../../config/log.ts';
import { QueueUnavailableError } from '../errors.ts';
import type { JobInfo, JobStatus, NewJob } from '../job.ts';
import { jobStatuses } from '../job.ts';
import type { AddResult, ConsumeOptions, Consumer, JobFilter, JobHandler, JobQueue } from '../queue.ts';
import { BullmqConsumer } from './bullmq-consumer.ts';
import { type BullJobData, namedJobId, statesByStatus, statusOf, toData, toJobInfo } from './bullmq-job.ts';

/** Where the distributed queue lives and how it treats dead workers and old jobs. */
export interface BullmqQueueOptions {
  /** `redis_queue`. */
  url: string;
  /** Every queue name of the bench (lookups by id search them all). */
  queues: readonly string[];
  /** Key prefix (default `cortado`): benches sharing a Redis need different ones. */
  prefix?: string | undefined;
  logger?: Logger | undefined;
  /** See `BullmqConsumerSettings` (defaults 30 s, 30 s, 1). */
  lockDurationMs?: number | undefined;
  stalledIntervalMs?: number | undefined;
  maxStalledCount?: number | undefined;
  /** How long finished and failed jobs stay visible, in seconds (RQ's 10 minutes and 7 days). */
  resultTtlSeconds?: number | undefined;
  failureTtlSeconds?: number | undefined;
}

const pageSize = 500;

/**
 * The distributed job queue: BullMQ on `redis_queue`, one BullMQ queue per Cortado queue. Jobs without
 * `job_id` get a random id; a named job's id is derived from its site and `job_id`, which makes BullMQ keep
 * one job per name (a finished one is removed before a new one is added). While Redis is unreachable every
 * operation fails at once with `QueueUnavailableError` (503 through the API); workers wait and resume.
 *
 * @example const queue = new BullmqQueue({ url: 'redis://redis-queue:6379', queues: ['short', 'default', 'long'] });
 */
export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq';
  readonly transactional = false;
  private readonly producer: Redis;
  private readonly consumerConnection: Redis;
  private readonly queues = new Map<string, Queue<BullJobData>>();
  private readonly consumers = new Set<Consumer>();
  private readonly log: Logger;
  private readonly prefix: string;
  private readonly where: string;
  private readonly link: RedisLink;
  private readonly consumerLink: RedisLink;

  constructor(private readonly options: BullmqQueueOptions) {
    this.log = options.logger ?? createLogger('jobs');
    this.prefix = options.prefix ?? 'cortado';
    this.where = redisWhere(options.url);
    // Enqueueing fails at once while Redis is down, instead of hanging the request that enqueues.
    this.producer = new Redis(options.url, { ...fastFailOptions(), connectionName: 'cortado-jobs' });
    // Workers wait on blocking commands and must retry forever (BullMQ requires it).
    this.consumerConnection = new Redis(options.url, {
      maxRetriesPerRequest: null,
      retryStrategy: (times: number) => Math.min(times * 100, 1_000),
      connectionName: 'cortado-worker',
      lazyConnect: true,
    });
    const { where, log } = this;
    this.link = new RedisLink(this.producer, { where, role: 'job queue', log });
    this.consumerLink = new RedisLink(this.consumerConnection, { where, role: 'job worker', log });
  }

  assertAvailable(): void {
    if (this.link.down) throw new QueueUnavailableError(this.where, this.link.reason);
  }

  add(job: NewJob): Promise<AddResult> {
    return this.run(() => this.addJob(job));
  }

  private async addJob(job: NewJob): Promise<AddResult> {
    const queue = this.queue(job.queue);
    const opts: JobsOptions = {
      lifo: job.atFront || undefined,
      attempts: job.maxAttempts,
      backoff: { type: 'cortado' },
      removeOnComplete: { age: this.options.resultTtlSeconds ?? 600 },
      removeOnFail: { age: this.options.failureTtlSeconds ?? 7 * 86_400 },
    };
    if (!job.jobId) {
      const id = randomUUID();
      await queue.add(job.method, toData(job), { ...opts, jobId: id });
      return { id, added: true };
    }
    const id = job.jobId;
    const bullId = namedJobId(job.site, id);
    // The same name in another queue counts too (RQ job ids are global).
    for (const other of this.options.queues) {
      if (other === job.queue) continue;
      if (isLive(await this.queue(other).getJobState(bullId))) return { id, added: false };
    }
    for (let round = 0; round < 3; round++) {
      const token = randomUUID();
      await queue.add(job.method, toData(job, token), { ...opts, jobId: bullId });
      const stored = await Job.fromId<BullJobData>(queue, bullId);
      if (!stored || stored.data.token === token) return { id, added: true };
      if (isLive(await stored.getState())) return { id, added: false };
      // A finished or failed job of that name: replaced by the new one.
      await stored.remove().catch(() => undefined);
    }
    return { id, added: false };
  }

  consume(options: ConsumeOptions, handler: JobHandler): Consumer {
    const consumer = new BullmqConsumer(
      options,
      handler,
      {
        connection: this.consumerConnection,
        prefix: this.prefix,
        lockDurationMs: this.options.lockDurationMs ?? 30_000,
        stalledIntervalMs: this.options.stalledIntervalMs ?? 30_000,
        maxStalledCount: this.options.maxStalledCount ?? 1,
      },
      this.log,
      this.consumerLink,
    );
    this.consumers.add(consumer);
    const close = consumer.close.bind(consumer);
    consumer.close = async (graceMs?: number) => {
      await close(graceMs);
      this.consumers.delete(consumer);
    };
    return consumer;
  }

  get(site: string, id: string): Promise<JobInfo | undefined> {
    return this.run(() => this.getJob(site, id));
  }

  private async getJob(site: string, id: string): Promise<JobInfo | undefined> {
    // A `job_id` is looked up under its BullMQ id; a random id as given.
    const ids = [namedJobId(site, id), id];
    for (const name of this.options.queues) {
      const queue = this.queue(name);
      for (const candidate of ids) {
        // State first: read after it, the job's fields are at least as new (a failed job's attempts included).
        const state = await queue.getJobState(candidate);
        if (state === 'unknown') continue;
        const job = await Job.fromId<BullJobData>(queue, candidate);
        if (job && job.data.site === site) return toJobInfo(job, name, statusOf(state));
      }
    }
    return undefined;
  }

  list(site: string, filter: JobFilter = {}): Promise<JobInfo[]> {
    return this.run(() => this.listJobs(site, filter));
  }

  private async listJobs(site: string, filter: JobFilter): Promise<JobInfo[]> {
    const out: JobInfo[] = [];
    const statuses: readonly JobStatus[] = filter.statuses ?? jobStatuses;
    for (const name of filter.queues ?? this.options.queues) {
      const queue = this.queue(name);
      for (const status of statuses) {
        const types = statesByStatus[status];
        if (types.length === 0) continue;
        for (let start = 0; ; start += pageSize) {
          const jobs = await queue.getJobs([...types], start, start + pageSize - 1, false);
          for (const job of jobs) {
            if (job?.data?.site === site) out.push(toJobInfo(job, name, status));
          }
          if (jobs.length < pageSize) break;
        }
      }
    }
    return out.sort((a, b) => (b.enqueuedAt ?? 0) - (a.enqueuedAt ?? 0));
  }

  retry(site: string, id: string): Promise<boolean> {
    return this.run(async () => {
      const found = await this.find(site, id);
      if (!found || (await found.getState()) !== 'failed') return false;
      await found.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    });
  }

  remove(site: string, id: string): Promise<boolean> {
    return this.run(async () => {
      const found = await this.find(site, id);
      if (!found || (await found.getState()) === 'active') return false;
      await found.remove();
      return true;
    });
  }

  ping(): Promise<void> {
    return this.run(async () => {
      await this.producer.ping();
    });
  }

  async close(): Promise<void> {
    this.link.forget();
    this.consumerLink.forget();
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.close(0)));
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.producer.disconnect();
    this.consumerConnection.disconnect();
  }

  /** Runs a producer operation: refused at once while Redis is down; a lost or silent connection becomes `QueueUnavailableError`. */
  private async run<T>(operation: () => Promise<T>): Promise<T> {
    this.assertAvailable();
    try {
      return await operation();
    } catch (error) {
      this.link.commandFailed(error);
      // Redis answering with an error is a failure of the operation, not of the connection.
      if (!(error instanceof ReplyError) && (isConnectionError(error) || this.link.down))
        throw new QueueUnavailableError(this.where, error);
      throw error;
    }
  }

  private queue(name: string): Queue<BullJobData> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<BullJobData>(name, { connection: this.producer, prefix: this.prefix });
      queue.on('error', (error) =>
        this.link.report(error, () => this.log.warn({ err: error, queue: name }, 'job queue error')),
      );
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async find(site: string, id: string): Promise<Job<BullJobData> | undefined> {
    const info = await this.get(site, id);
    if (!info) return undefined;
    return Job.fromId<BullJobData>(
      this.queue(info.queue),
      info.jobId ? namedJobId(site, info.jobId) : info.id,
    );
  }
}

function isLive(state: string): boolean {
  return !['completed', 'failed', 'unknown'].includes(state);
}
