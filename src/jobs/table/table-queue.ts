import { randomUUID } from 'node:crypto';
import { createLogger, type Logger } from '../../config/log.ts';
import type { Database, Queryable, Transaction } from '../../db/database.ts';
import type { JobInfo, NewJob, QueuedJob } from '../job.ts';
import type {
  AddResult,
  ConsumeOptions,
  Consumer,
  JobFilter,
  JobHandler,
  JobOutcome,
  JobQueue,
} from '../queue.ts';
import { isTransientError } from '../transient.ts';
import { claimJob } from './claim.ts';
import { insertColumns, insertValues, toJobInfo, toQueuedJob } from './job-row.ts';
import { ensureJobTable, jobTable } from './job-table.ts';
import { defaultRetention, type Retention, reapJobs } from './reap.ts';
import { settleJob } from './settle.ts';
import { TableConsumer } from './table-consumer.ts';
import { Wakeups } from './wakeups.ts';

/** Where the embedded queue finds sites and how often it looks. */
export interface TableQueueOptions {
  /** Each site's database (e.g. `SiteDatabases`). */
  databases: { get(site: string): Database };
  /** The sites whose tables workers poll (e.g. `() => bench.listSites()`). */
  sites: () => readonly string[];
  logger?: Logger | undefined;
  /** How often an idle worker looks for jobs enqueued by other processes (default 500 ms). */
  pollMs?: number | undefined;
  /** How often expired leases are recovered and old jobs deleted (default 5 s). */
  reapIntervalMs?: number | undefined;
  /** Added to a job's timeout to make its lease (default 30 s). */
  leaseGraceMs?: number | undefined;
  retention?: Retention | undefined;
}

type Settings = Required<Omit<TableQueueOptions, 'logger'>>;

// A finished job of the same name is replaced; a queued or running one makes the new one a duplicate.
const replaceable = `('finished', 'failed', 'canceled')`;

/**
 * The embedded job queue: a `__Job` table in each site's database. Durable across restarts; a worker in the
 * same process is woken when a job is added, others poll. Claims are atomic on every database (see
 * `claimJob`), so several worker processes can share the table. A job whose worker died is run again once its
 * lease (timeout + grace) expires, or failed when it has no attempts left.
 *
 * @example const queue = new TableQueue({ databases, sites: () => bench.listSites() });
 */
export class TableQueue implements JobQueue {
  readonly kind = 'table';
  readonly transactional = true;
  readonly wakeups = new Wakeups();
  readonly options: Settings;
  private readonly log: Logger;
  private rotation = 0;

  /** The table lives in the site's database: whoever can commit can enqueue. */
  assertAvailable(): void {}

  constructor(options: TableQueueOptions) {
    this.options = {
      databases: options.databases,
      sites: options.sites,
      pollMs: options.pollMs ?? 500,
      reapIntervalMs: options.reapIntervalMs ?? 5000,
      leaseGraceMs: options.leaseGraceMs ?? 30_000,
      retention: options.retention ?? defaultRetention,
    };
    this.log = options.logger ?? createLogger('jobs');
  }

  async add(job: NewJob, tx?: Transaction): Promise<AddResult> {
    const db = this.options.databases.get(job.site);
    await ensureJobTable(db, tx);
    const name = job.jobId ?? randomUUID();
    const insert = async (q: Queryable): Promise<AddResult> => {
      const t = q.dialect.quote(jobTable);
      if (job.jobId) {
        await q.run(
          `DELETE FROM ${t} WHERE ${q.dialect.quote('name')} = ? AND ${q.dialect.quote('status')} IN ${replaceable}`,
          [name],
        );
      }
      const { changes } = await q.run(insertSql(q), insertValues(name, job, Date.now()));
      return { id: name, added: changes > 0 };
    };
    if (tx) {
      const result = await insert(tx);
      tx.afterCommit(() => this.wakeups.notify(job.queue));
      return result;
    }
    const result = job.jobId ? await retryTransient(() => db.transaction(insert)) : await insert(db);
    this.wakeups.notify(job.queue);
    return result;
  }

  consume(options: ConsumeOptions, handler: JobHandler): Consumer {
    return new TableConsumer(this, options, handler, this.log);
  }

  /** Claims the next job of `queue`, trying every site in turn (rotating, so that no site starves). */
  async claimNext(queue: string, owner: string): Promise<{ job: QueuedJob; owner: string } | undefined> {
    const sites = this.options.sites();
    for (let i = 0; i < sites.length; i++) {
      const index = (this.rotation + i) % sites.length;
      const site = sites[index]!;
      try {
        const db = this.options.databases.get(site);
        await ensureJobTable(db);
        const row = await claimJob(db, {
          queue,
          now: Date.now(),
          owner,
          leaseGraceMs: this.options.leaseGraceMs,
        });
        if (row) {
          this.rotation = index + 1;
          return { job: toQueuedJob(site, row), owner };
        }
      } catch (error) {
        // One broken site (database down, dropped) must not stop the others' jobs.
        this.log.warn({ err: error, site, queue }, 'could not claim jobs of a site');
      }
    }
    return undefined;
  }

  /** Records a claimed job's outcome; a retry wakes the queue when it is due. */
  async settle(job: QueuedJob, owner: string, outcome: JobOutcome): Promise<void> {
    const db = this.options.databases.get(job.site);
    await settleJob(db, job, owner, outcome, Date.now());
    if (outcome.kind === 'failed' && outcome.retryInMs !== undefined) {
      setTimeout(() => this.wakeups.notify(job.queue), outcome.retryInMs).unref();
    } else if (outcome.kind === 'interrupted') {
      this.wakeups.notify(job.queue);
    }
  }

  /** Recovers expired leases and deletes old jobs on every site. */
  async reap(): Promise<void> {
    let requeued = 0;
    for (const site of this.options.sites()) {
      try {
        const db = this.options.databases.get(site);
        await ensureJobTable(db);
        requeued += await reapJobs(db, Date.now(), this.options.retention);
      } catch (error) {
        this.log.warn({ err: error, site }, 'could not recover lost jobs of a site');
      }
    }
    if (requeued > 0) this.wakeups.notifyAll();
  }

  async get(site: string, id: string): Promise<JobInfo | undefined> {
    const db = await this.ready(site);
    const q = db.dialect.quote;
    const row = await db.one(`SELECT * FROM ${q(jobTable)} WHERE ${q('name')} = ?`, [id]);
    return row ? toJobInfo(site, row, Date.now()) : undefined;
  }

  async list(site: string, filter: JobFilter = {}): Promise<JobInfo[]> {
    const db = await this.ready(site);
    const q = db.dialect.quote;
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.queues) {
      if (filter.queues.length === 0) return [];
      where.push(`${q('queue')} IN (${filter.queues.map(() => '?').join(', ')})`);
      params.push(...filter.queues);
    }
    const rows = await db.all(
      `SELECT * FROM ${q(jobTable)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${q('enqueued_at')} DESC`,
      params,
    );
    const now = Date.now();
    const jobs = rows.map((row) => toJobInfo(site, row, now));
    return filter.statuses ? jobs.filter((job) => filter.statuses!.includes(job.status)) : jobs;
  }

  async retry(site: string, id: string): Promise<boolean> {
    const db = await this.ready(site);
    const q = db.dialect.quote;
    const row = await db.one<{ queue: string }>(
      `SELECT ${q('queue')} FROM ${q(jobTable)} WHERE ${q('name')} = ?`,
      [id],
    );
    const { changes } = await db.run(
      `UPDATE ${q(jobTable)} SET ${q('status')} = 'queued', ${q('attempts')} = 0, ${q('run_at')} = ?,
       ${q('started_at')} = NULL, ${q('ended_at')} = NULL, ${q('exc_info')} = NULL
       WHERE ${q('name')} = ? AND ${q('status')} = 'failed'`,
      [Date.now(), id],
    );
    if (changes > 0 && row) this.wakeups.notify(row.queue);
    return changes > 0;
  }

  async remove(site: string, id: string): Promise<boolean> {
    const db = await this.ready(site);
    const q = db.dialect.quote;
    const { changes } = await db.run(
      `DELETE FROM ${q(jobTable)} WHERE ${q('name')} = ? AND ${q('status')} <> 'started'`,
      [id],
    );
    return changes > 0;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.wakeups.notifyAll();
  }

  private async ready(site: string): Promise<Database> {
    const db = this.options.databases.get(site);
    await ensureJobTable(db);
    return db;
  }
}

function insertSql(q: Queryable): string {
  const columns = insertColumns.map((c) => q.dialect.quote(c)).join(', ');
  const values = insertColumns.map(() => '?').join(', ');
  const table = q.dialect.quote(jobTable);
  // A duplicate name is not an error here: it is how deduplication answers (0 rows inserted).
  if (q.dialect.type === 'mariadb') return `INSERT IGNORE INTO ${table} (${columns}) VALUES (${values})`;
  return `INSERT INTO ${table} (${columns}) VALUES (${values}) ON CONFLICT DO NOTHING`;
}

// Concurrent adds of one name can deadlock on MariaDB's key locks; the loser simply tries again.
async function retryTransient<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= 5 || !isTransientError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
  }
}
