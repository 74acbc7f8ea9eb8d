import type { Queryable } from '../../db/database.ts';
import type { QueuedJob } from '../job.ts';
import type { JobOutcome } from '../queue.ts';
import { jobTable } from './job-table.ts';

/**
 * Records how a claimed job ended. Every statement matches the claim's `lease_owner`: when the lease expired
 * and another worker took the job over, this late report changes nothing.
 *
 * @returns whether the job was still this claim's
 */
export async function settleJob(
  db: Queryable,
  job: QueuedJob,
  owner: string,
  outcome: JobOutcome,
  now: number,
): Promise<boolean> {
  const q = db.dialect.quote;
  const where = `WHERE ${q('name')} = ? AND ${q('lease_owner')} = ? AND ${q('status')} = 'started'`;
  const release = `${q('lease_owner')} = NULL, ${q('lease_until')} = NULL`;
  const t = q(jobTable);
  let result: { changes: number };
  switch (outcome.kind) {
    case 'finished':
      result = await db.run(
        `UPDATE ${t} SET ${q('status')} = 'finished', ${q('ended_at')} = ?, ${q('result')} = ?, ${q('exc_info')} = NULL, ${release} ${where}`,
        [now, JSON.stringify(outcome.result ?? null), job.id, owner],
      );
      break;
    case 'failed':
      result =
        outcome.retryInMs === undefined
          ? await db.run(
              `UPDATE ${t} SET ${q('status')} = 'failed', ${q('ended_at')} = ?, ${q('exc_info')} = ?, ${release} ${where}`,
              [now, outcome.excInfo, job.id, owner],
            )
          : await db.run(
              `UPDATE ${t} SET ${q('status')} = 'queued', ${q('run_at')} = ?, ${q('ended_at')} = ?, ${q('exc_info')} = ?, ${release} ${where}`,
              [now + outcome.retryInMs, now, outcome.excInfo, job.id, owner],
            );
      break;
    case 'interrupted':
      // Back to the queue as it was: the interrupted run does not count against the job's attempts.
      result =
        outcome.retryInMs === undefined
          ? await db.run(
              `UPDATE ${t} SET ${q('status')} = 'queued', ${q('attempts')} = ${q('attempts')} - 1, ${q('started_at')} = NULL, ${release} ${where}`,
              [job.id, owner],
            )
          : await db.run(
              `UPDATE ${t} SET ${q('status')} = 'queued', ${q('attempts')} = ${q('attempts')} - 1, ${q('started_at')} = NULL, ${q('run_at')} = ?, ${release} ${where}`,
              [now + outcome.retryInMs, job.id, owner],
            );
      break;
  }
  return result.changes > 0;
}
