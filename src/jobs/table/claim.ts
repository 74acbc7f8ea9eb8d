import type { Database, Row } from '../../db/database.ts';
import { jobTable } from './job-table.ts';

/** Who claims and until when the claim holds. */
export interface ClaimRequest {
  queue: string;
  now: number;
  /** The claim's token, kept in `lease_owner`. */
  owner: string;
  /** Added to the job's own timeout to make its lease: a job cannot legitimately run longer. */
  leaseGraceMs: number;
}

/**
 * Takes the next runnable job of a queue, atomically, so that two workers (in one process or many) never take
 * the same one: PostgreSQL locks the chosen row with `FOR UPDATE SKIP LOCKED` inside one UPDATE; MariaDB does
 * the same in a short transaction (it has no UPDATE ... RETURNING); SQLite's single write statement holds the
 * database's write lock, which serialises writers across processes.
 *
 * @returns the claimed row (status `started`, attempts counted), or undefined when nothing is runnable
 */
export async function claimJob(db: Database, request: ClaimRequest): Promise<Row | undefined> {
  const q = db.dialect.quote;
  const t = q(jobTable);
  const pick = `SELECT ${q('name')} FROM ${t}
    WHERE ${q('queue')} = ? AND ${q('status')} = 'queued' AND ${q('run_at')} <= ?
    ORDER BY ${q('seq')} LIMIT 1`;
  const set = (lease: string) => `${q('status')} = 'started', ${q('attempts')} = ${q('attempts')} + 1,
    ${q('lease_owner')} = ?, ${q('lease_until')} = ${lease} + ${q('timeout')} * 1000,
    ${q('started_at')} = ?, ${q('ended_at')} = NULL`;
  const { queue, now, owner, leaseGraceMs } = request;
  const leaseBase = now + leaseGraceMs;

  switch (db.dialect.type) {
    case 'postgres':
      return db.one(
        `UPDATE ${t} SET ${set('CAST(? AS bigint)')} WHERE ${q('name')} = (${pick} FOR UPDATE SKIP LOCKED) RETURNING *`,
        [owner, leaseBase, now, queue, now],
      );
    case 'sqlite':
      return db.one(`UPDATE ${t} SET ${set('?')} WHERE ${q('name')} = (${pick}) RETURNING *`, [
        owner,
        leaseBase,
        now,
        queue,
        now,
      ]);
    case 'mariadb':
      return db.transaction(async (tx) => {
        const picked = await tx.one<{ name: string }>(`${pick} FOR UPDATE SKIP LOCKED`, [queue, now]);
        if (!picked) return undefined;
        await tx.run(`UPDATE ${t} SET ${set('CAST(? AS SIGNED)')} WHERE ${q('name')} = ?`, [
          owner,
          leaseBase,
          now,
          picked.name,
        ]);
        return tx.one(`SELECT * FROM ${t} WHERE ${q('name')} = ?`, [picked.name]);
      });
  }
}
