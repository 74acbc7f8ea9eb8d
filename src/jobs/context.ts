import type { Bus } from '../bus/bus.ts';
import { publishRealtime } from '../bus/realtime-publisher.ts';
import type { Logger } from '../config/log.ts';
import type { Database, Transaction } from '../db/database.ts';
import { type EnqueueOptions, type EnqueueResult, enqueue } from './enqueue.ts';
import type { QueuedJob } from './job.ts';
import { type ProgressOptions, publishProgress } from './progress.ts';
import { type RealtimeTarget, realtimeRoom } from './realtime-room.ts';
import type { JobService } from './service.ts';
import { untilAborted } from './until-aborted.ts';

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
  /** Frappe's `publish_progress`, sent at once; without a task or document it goes to the job's user. */
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
  signal: AbortSignal;
  job: QueuedJob | undefined;
}

/** Builds the context of a job method running in `tx`. */
export function jobContext(service: JobService, scope: JobScope, tx: Transaction): JobContext {
  let child: Logger | undefined;
  // Made on first use: most jobs never log, and a child logger per job costs more than a no-op job.
  const log = () => {
    child ??= service.log.child({ site: scope.site, job: scope.job?.id, method: scope.job?.method });
    return child;
  };
  return {
    ...scope,
    db: tx,
    get log() {
      return log();
    },
    publishRealtime(event, message, target = {}) {
      const send = () => sendRealtime(service.bus, log(), scope.site, event, message, target);
      if (target.afterCommit && !target.taskId) tx.afterCommit(send);
      else send();
    },
    publishProgress: (percent, options = {}) =>
      publishProgress(service.bus, scope.site, percent, { ...options, user: scope.user }),
    enqueue: (method, options) =>
      enqueue({ site: scope.site, user: scope.user, db: tx, jobs: service }, method, options),
  };
}

/** Builds the context of a raw job method on the site's database. */
export function rawJobContext(service: JobService, scope: JobScope, database: Database): RawJobContext {
  const log = service.log.child({ site: scope.site, job: scope.job?.id, method: scope.job?.method });
  return {
    ...scope,
    database,
    log,
    transaction: (fn) =>
      database.transaction((tx) => untilAborted(() => fn(jobContext(service, scope, tx)), scope.signal)),
    publishRealtime(event, message, target = {}) {
      void sendRealtime(service.bus, log, scope.site, event, message, target);
    },
    publishProgress: (percent, options = {}) =>
      publishProgress(service.bus, scope.site, percent, { ...options, user: scope.user }),
    enqueue: (method, options) =>
      enqueue({ site: scope.site, user: scope.user, jobs: service }, method, options),
  };
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
