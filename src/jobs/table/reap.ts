import type { Database } from '../../db/database.ts';
import { jobTable } from './job-table.ts';

/** How long finished and failed jobs stay visible (RQ's result TTL and failure TTL, as Frappe sets them). */
export interface Retention {
  /** Default 10 minutes (`RQ_RESULTS_TTL`). */
  finishedMs: number;
  /** Default 7 days (`RQ_JOB_FAILURE_TTL`). */
  failedMs: number;
}

/** RQ's defaults: finished jobs 10 minutes, failed ones 7 days. */
export const defaultRetention: Retention = { finishedMs: 10 * 60_000, failedMs: 7 * 86_400_000 };

/**
 * Recovers jobs whose worker died: a started job past its lease goes back to the queue while it has attempts
 * left, else it is failed with a note. Then deletes finished and failed jobs past their retention.
 * Safe to run from several workers at once (each statement re-checks the row it changes).
 *
 * @returns how many jobs went back to the queue
 */
export async function reapJobs(
  db: Database,
  now: number,
  retention: Retention = defaultRetention,
): Promise<number> {
  const q = db.dialect.quote;
  const t = q(jobTable);
  const expired = `${q('status')} = 'started' AND ${q('lease_until')} < ?`;
  const release = `${q('lease_owner')} = NULL, ${q('lease_until')} = NULL`;
  const lost = `Worker lost: the job's lease expired at ${new Date(now).toISOString()} without a result`;
  const requeued = await db.run(
    `UPDATE ${t} SET ${q('status')} = 'queued', ${q('exc_info')} = ?, ${release}
     WHERE ${expired} AND ${q('attempts')} < ${q('max_attempts')}`,
    [lost, now],
  );
  await db.run(
    `UPDATE ${t} SET ${q('status')} = 'failed', ${q('ended_at')} = ?, ${q('exc_info')} = ?, ${release}
     WHERE ${expired} AND ${q('attempts')} >= ${q('max_attempts')}`,
    [now, lost, now],
  );
  await db.run(`DELETE FROM ${t} WHERE ${q('status')} = 'finished' AND ${q('ended_at')} < ?`, [
    now - retention.finishedMs,
  ]);
  await db.run(`DELETE FROM ${t} WHERE ${q('status')} = 'failed' AND ${q('ended_at')} < ?`, [
    now - retention.failedMs,
  ]);
  return requeued.changes;
}
