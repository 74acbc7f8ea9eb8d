import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { formatDatetime } from '../../db/values.ts';

/** The table of the Scheduled Job Log DocType. */
export const jobLogTable = 'tabScheduled Job Log';

/** A run's state in its log: `Start` when it began, then `Complete` or `Failed` (Frappe's `log_status`). */
export type JobLogStatus = 'Scheduled' | 'Start' | 'Complete' | 'Failed';

/** Adds a log row for a run of `jobType`; returns its name (a 10-character hash, as Frappe names logs). */
export async function insertJobLog(
  db: Queryable,
  jobType: string,
  status: JobLogStatus,
  now = new Date(),
): Promise<string> {
  const q = db.dialect.quote;
  const name = randomBytes(5).toString('hex');
  const stamp = formatDatetime(now);
  await db.run(
    `INSERT INTO ${q(jobLogTable)} (${q('name')}, ${q('creation')}, ${q('modified')}, ${q('modified_by')}, ${q('owner')},
      ${q('docstatus')}, ${q('idx')}, ${q('status')}, ${q('scheduled_job_type')})
     VALUES (?, ?, ?, 'Administrator', 'Administrator', 0, 0, ?, ?)`,
    [name, stamp, stamp, status, jobType],
  );
  return name;
}

/** Sets a log row's status, with the failure's details. */
export async function updateJobLog(
  db: Queryable,
  name: string,
  status: JobLogStatus,
  details?: string,
  now = new Date(),
): Promise<void> {
  const q = db.dialect.quote;
  await db.run(
    `UPDATE ${q(jobLogTable)} SET ${q('status')} = ?, ${q('details')} = ?, ${q('modified')} = ? WHERE ${q('name')} = ?`,
    [status, details ?? null, formatDatetime(now), name],
  );
}

/** Deletes log rows older than `days` (Frappe's Log Settings keep Scheduled Job Logs 90 days). */
export async function clearOldJobLogs(db: Queryable, days = 90, now = new Date()): Promise<number> {
  const q = db.dialect.quote;
  const cutoff = formatDatetime(new Date(now.getTime() - days * 86_400_000));
  const { changes } = await db.run(`DELETE FROM ${q(jobLogTable)} WHERE ${q('creation')} < ?`, [cutoff]);
  return changes;
}
