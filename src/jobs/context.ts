import type { Bus } from '../bus/bus.ts';
import { publishRealtime } from '../bus/realtime-publisher.ts';
import type { Logger } from '../config/log.ts';
import type { Database, Transaction } from '../db/database.ts';
import { type EnqueueOptions, type EnqueueResult, enqueue } from './enqueue.ts';
import type { QueuedJob } from './job.ts';
import type { JobStop } from './job-stop.ts';
import { type ProgressOptions, publishProgress } from './progress.ts';
import { type RealtimeTarget, realtimeRoom } from './realtime-room.ts';
import type { JobService } from './service.ts';
import { untilStopped } from './until-stopped.ts';

/** Where a job's realtime event goes, and whether it waits for the job's commit. */
export interface JobRealtimeTarget extends RealtimeTarget {
  /** Hold the event until the job's transaction commits; dropped when it rolls back. */
  afterCommit?: boolean | undefined;
}

/**
 * What a job method receives (Frappe's `frappe.local` inside a worker, made explicit): the enqueuing site and
 * user, the job's own transaction, and an abort signal for its timeout and the worker's shutdown.
 */
export interface JobContext {
  readonly site: string;
  readonly user: string;
  /** The job's transaction: committed when the method resolves, rolled back when it throws or times out. */
  readonly db: Transaction;
  /** Aborts when the job times out or its worker shuts down: long loops should stop when it does. */
  readonly signal: AbortSignal;
  /** The running job; undefined when run inline (`now`). */
  readonly job: QueuedJob | undefined;
  readonly log: Logger;
  /** Frappe's `publish_realtime` for this site. */
  publishRealtime(event: string, message: unknown, target?: JobRealtimeTarget): void;
  /**
   * Frappe's `publish_progress`, sent at once; without a task or document it goes to the job's user. A queued
   * job's progress also goes to its own task room (`task_progress:<job id>`).
   */
  publishProgress(percent: number, options?: Omit<ProgressOptions, 'user'>): Promise<void>;
  /** Enqueues another job as this user on this site; `enqueue_after_commit` waits for this job's commit. */
  enqueue(method: string, options?: EnqueueOptions): Promise<EnqueueResult>;
}

/** What a raw job method receives: no transaction of its own, but the site's database to open some. */
export interface RawJobContext extends Omit<JobContext, 'db'> {
  readonly database: Database;
  /** Runs `fn` in a new transaction with a full `JobContext` (commit on resolve, rollback on throw). */
  transaction<T>(fn: (ctx: JobContext) => Promise<T>): Promise<T>;
}

/** The parts of a context that do not depend on the transaction. */
export interface JobScope {
  site: string;
  user: string;
  stop: JobStop;
  job: QueuedJob | undefined;
}

// Classes rather than object literals: a context is made per job, and per-job closures showed in profiles.
abstract class BaseContext {
  private logger: Logger | undefined;

  constructor(
    protected readonly service: JobService,
    protected readonly scope: JobScope,
  ) {}

  get site(): string {
    return this.scope.site;
  }
  get user(): string {
    return this.scope.user;
  }
  get job(): QueuedJob | undefined {
    return this.scope.job;
  }
  get signal(): AbortSignal {
    return this.scope.stop.signal;
  }
  // Made on first use: most jobs never log.
  get log(): Logger {
    this.logger ??= this.service.log.child({ site: this.site, job: this.job?.id, method: this.job?.method });
    return this.logger;
  }

  publishProgress(percent: number, options: Omit<ProgressOptions, 'user'> = {}): Promise<void> {
    const sent = publishProgress(this.service.bus, this.site, percent, { ...options, user: this.user });
    const job = this.job;
    if (!job || options.taskId === job.id) return sent;
    // Also into the job's own task room, where the desk's job list follows a running job whatever room it chose.
    const own = publishProgress(this.service.bus, this.site, percent, {
      title: options.title,
      description: options.description,
      taskId: job.id,
    });
    return Promise.all([sent, own]).then(() => undefined);
  }

  protected send(event: string, message: unknown, target: RealtimeTarget): Promise<void> {
    return sendRealtime(this.service.bus, this.log, this.site, event, message, target);
  }
}

class TransactionContext extends BaseContext implements JobContext {
  constructor(
    service: JobService,
    scope: JobScope,
    readonly db: Transaction,
  ) {
    super(service, scope);
  }

  publishRealtime(event: string, message: unknown, target: JobRealtimeTarget = {}): void {
    // Progress-like events (to a task) are for now; the others may wait for the commit.
    if (target.afterCommit && !target.taskId) this.db.afterCommit(() => this.send(event, message, target));
    else void this.send(event, message, target);
  }

  enqueue(method: string, options?: EnqueueOptions): Promise<EnqueueResult> {
    return enqueue({ site: this.site, user: this.user, db: this.db, jobs: this.service }, method, options);
  }
}

class DatabaseContext extends BaseContext implements RawJobContext {
  constructor(
    service: JobService,
    scope: JobScope,
    readonly database: Database,
  ) {
    super(service, scope);
  }

  transaction<T>(fn: (ctx: JobContext) => Promise<T>): Promise<T> {
    return this.database.transaction((tx) =>
      untilStopped(() => fn(new TransactionContext(this.service, this.scope, tx)), this.scope.stop),
    );
  }

  publishRealtime(event: string, message: unknown, target: JobRealtimeTarget = {}): void {
    void this.send(event, message, target);
  }

  enqueue(method: string, options?: EnqueueOptions): Promise<EnqueueResult> {
    return enqueue({ site: this.site, user: this.user, jobs: this.service }, method, options);
  }
}

/** Builds the context of a job method running in `tx`. */
export function jobContext(service: JobService, scope: JobScope, tx: Transaction): JobContext {
  return new TransactionContext(service, scope, tx);
}

/** Builds the context of a raw job method on the site's database. */
export function rawJobContext(service: JobService, scope: JobScope, database: Database): RawJobContext {
  return new DatabaseContext(service, scope, database);
}

async function sendRealtime(
  bus: Bus,
  log: Logger,
  site: string,
  event: string,
  message: unknown,
  target: RealtimeTarget,
): Promise<void> {
  const body =
    target.taskId && message && typeof message === 'object' && !Array.isArray(message)
      ? { task_id: target.taskId, ...(message as Record<string, unknown>) }
      : message;
  try {
    await publishRealtime(bus, { event, message: body, room: realtimeRoom(target), namespace: site });
  } catch (error) {
    // A realtime event is a notification: losing one must not fail the job that raised it.
    log.warn({ err: error, event }, 'realtime event not published');
  }
}
